import fs from 'node:fs';
import path from 'node:path';
import { isAlive, onAbandon, temporaryFiles, temporaryName } from '../output/atomic.js';
import type { Bag } from './bagit.js';
import type { ArchiveEntry } from '../zip/write.js';

/**
 * Writing a bag folder so that readers see the old complete bag or the new complete one: the new
 * bag is written in full under a temporary name beside the destination, the old one is moved
 * aside, the new one renamed into place, and only then is the old one deleted. If anything fails,
 * the old bag is put back. Temporary names follow the build's convention (`.pressroom-<pid>-….tmp`).
 */

/** The kind of temporary name an old bag moved aside gets. */
const OLD = '.old';
const pendingDirs = new Set<string>();
/** Old bags moved aside by this process, with where they belong. */
const movedAside = new Map<string, string>();

/** The folders and files of a bag as archive entries, under the bag's own top folder, in byte order. */
export function bagEntries(bag: Bag, top: string = bag.name): ArchiveEntry[] {
  const folders = new Set<string>([`${top}/`, `${top}/data/`]);
  for (const file of bag.files) {
    const parts = file.path.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(`${top}/${parts.slice(0, depth).join('/')}/`);
  }
  const entries: ArchiveEntry[] = [
    ...[...folders].map((folder) => ({ path: folder, data: undefined })),
    ...bag.files.map((file) => ({ path: `${top}/${file.path}`, data: file.data })),
  ];
  return entries.sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
}

export function writeBagFolder(bag: Bag, destination: string): void {
  const parent = path.dirname(destination);
  fs.mkdirSync(parent, { recursive: true });
  const temp = temporaryName(destination);
  pendingDirs.add(temp);
  try {
    fs.rmSync(temp, { recursive: true, force: true });
    const entries = bagEntries(bag, path.basename(temp));
    for (const entry of entries) {
      const target = path.join(parent, ...entry.path.split('/'));
      if (entry.data === undefined) {
        fs.mkdirSync(target, { recursive: true, mode: 0o755 });
        continue;
      }
      const handle = fs.openSync(target, 'w', 0o644);
      try {
        fs.writeSync(handle, entry.data);
        fs.fsyncSync(handle);
      } finally {
        fs.closeSync(handle);
      }
    }
    // Fixed times, deepest first, so writing a child does not touch its folder's time afterwards.
    for (const entry of [...entries].reverse()) fs.utimesSync(path.join(parent, ...entry.path.split('/')), bag.date, bag.date);
    swapIntoPlace(temp, destination);
  } finally {
    if (pendingDirs.delete(temp)) fs.rmSync(temp, { recursive: true, force: true });
  }
}

function swapIntoPlace(temp: string, destination: string): void {
  let aside: string | undefined;
  if (fs.existsSync(destination)) {
    aside = temporaryName(destination, OLD);
    fs.rmSync(aside, { recursive: true, force: true });
    fs.renameSync(destination, aside);
    movedAside.set(aside, destination);
  }
  try {
    fs.renameSync(temp, destination);
    pendingDirs.delete(temp);
  } catch (error) {
    if (aside) {
      fs.renameSync(aside, destination);
      movedAside.delete(aside);
    }
    throw error;
  }
  if (aside) {
    fs.rmSync(aside, { recursive: true, force: true });
    movedAside.delete(aside);
  }
}

/** On Ctrl-C: removes half-written bags and puts back any old bag that was moved aside. */
onAbandon(abandonPendingBags);

function abandonPendingBags(): void {
  for (const dir of pendingDirs) fs.rmSync(dir, { recursive: true, force: true });
  pendingDirs.clear();
  for (const [aside, destination] of movedAside) restore(aside, destination);
  movedAside.clear();
}

function restore(aside: string, destination: string): void {
  try {
    if (!fs.existsSync(destination)) fs.renameSync(aside, destination);
    else fs.rmSync(aside, { recursive: true, force: true });
  } catch {
    // Left for the next run's sweep.
  }
}

/** Cleans up after runs that were killed outright: half-written bags go, moved-aside old bags come back. */
export function sweepStaleBagTemps(dir: string): void {
  for (const temp of temporaryFiles(dir)) {
    if (isAlive(temp.pid)) continue;
    try {
      if (!fs.statSync(temp.path).isDirectory()) continue;
    } catch {
      continue;
    }
    if (temp.name.endsWith(OLD)) restore(temp.path, path.join(dir, temp.name.slice(0, -OLD.length)));
    else fs.rmSync(temp.path, { recursive: true, force: true });
  }
}
