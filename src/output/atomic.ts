import fs from 'node:fs';
import path from 'node:path';

const TEMP_PREFIX = '.pressroom-';
const TEMP_SUFFIX = '.tmp';
const TEMPORARY = /^\.pressroom-(\d+)-(.+)\.tmp$/;
const pendingTemps = new Set<string>();

/**
 * Writes each file under a temporary name in the same folder, then renames them into place.
 * A reader of the folder sees the old complete files or the new complete files, never a partial one.
 * A file whose bytes are already there is left as it is (its time too, for make, rsync and caches).
 */
export function writeFilesAtomically(files: { path: string; data: Uint8Array }[]): void {
  const staged = files.filter((file) => !holdsBytes(file.path, file.data)).map((file) => ({ ...file, temp: temporaryName(file.path) }));
  try {
    for (const file of staged) {
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      pendingTemps.add(file.temp);
      const handle = fs.openSync(file.temp, 'w');
      try {
        fs.writeSync(handle, file.data);
        fs.fsyncSync(handle);
      } finally {
        fs.closeSync(handle);
      }
    }
    for (const file of staged) {
      fs.renameSync(file.temp, file.path);
      pendingTemps.delete(file.temp);
    }
  } finally {
    for (const file of staged) if (pendingTemps.delete(file.temp)) removeQuietly(file.temp);
  }
}

/** Whether `file` exists with exactly these bytes. */
export function holdsBytes(file: string, data: Uint8Array): boolean {
  try {
    if (fs.statSync(file).size !== data.byteLength) return false;
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).equals(fs.readFileSync(file));
  } catch {
    return false;
  }
}

/**
 * The name this process writes `destination` under before renaming it into place, beside it:
 * `.pressroom-<pid>-<name><kind>.tmp`. One convention for every writer, so one sweep finds them all.
 */
export function temporaryName(destination: string, kind = ''): string {
  return path.join(path.dirname(destination), `${TEMP_PREFIX}${process.pid}-${path.basename(destination)}${kind}${TEMP_SUFFIX}`);
}

/** The temporary files and folders in `dir`: each with the process that made it, and the name it stands for (with its kind). */
export function temporaryFiles(dir: string): { path: string; pid: number; name: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = TEMPORARY.exec(name);
    return match ? [{ path: path.join(dir, name), pid: Number(match[1]), name: match[2]! }] : [];
  });
}

/** How writers of other temporary outputs (bag folders) abandon theirs; each registers when it is loaded. */
const abandoners = new Set<() => void>();

export function onAbandon(abandon: () => void): void {
  abandoners.add(abandon);
}

/** Removes temporary files this process still has open, and has other writers abandon theirs; called on Ctrl-C and termination. */
export function removePendingTemps(): void {
  for (const temp of pendingTemps) removeQuietly(temp);
  pendingTemps.clear();
  for (const abandon of abandoners) abandon();
}

/** Removes temporary files left by builds that were killed outright (their process is gone). */
export function sweepStaleTemps(dir: string): void {
  sweepTemps(dir, (pid) => !isAlive(pid));
}

/** Removes this process's own temporary files in `dir`, including those its worker threads were writing. */
export function removeOwnTemps(dir: string): void {
  sweepTemps(dir, (pid) => pid === process.pid);
}

function sweepTemps(dir: string, shouldRemove: (pid: number) => boolean): void {
  for (const temp of temporaryFiles(dir)) if (shouldRemove(temp.pid)) removeQuietly(temp.path);
}

/** Whether the process that named a temporary file still runs (this one always does). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone.
  }
}
