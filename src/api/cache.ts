import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rememberByStat } from '../core/remember.js';
import { writeFilesAtomically } from '../output/atomic.js';

/**
 * Where the build remembers what it built: in the working folder, not in the output folder,
 * which stays exactly the files a reader may download. Deleting it only costs a full rebuild.
 */
export const CACHE_DIR_NAME = '.pressroom-cache';
const MANIFEST_VERSION = 1;

/** What one manuscript's last good build depended on and produced, with content hashes. */
export interface CacheEntry {
  /** Hash of everything not in files: tool version, formats, template choice, SOURCE_DATE_EPOCH. */
  settings: string;
  /** Every input file (manuscript, pictures, template files) → sha256. */
  inputs: Record<string, string>;
  /** Every book written to the output folder → sha256. */
  outputs: Record<string, string>;
  /** Each bag written (its folder, its .zip or .tar) → every file it consists of → sha256. */
  bags?: Record<string, Record<string, string>>;
}

interface Manifest {
  version: number;
  entries: Record<string, CacheEntry>;
}

export function hashBytes(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

interface RememberedHash {
  size: bigint;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  hash: string;
}

/** Hashes of files this process has read, by path, with the stat that vouches for them. */
const rememberedHashes = new Map<string, RememberedHash>();

/**
 * A file's modification time is coarser than a fast rewrite: one changed again within the same tick
 * would look unchanged. So, as git does with its index, a hash is only remembered for a file
 * last modified a while before it was read.
 */
const SETTLED_NS = 2_000_000_000n;

/**
 * The sha256 of a file's bytes. Large files that do not change between builds are hashed once per
 * process: a watch or batch build then pays a stat, not a read and a hash. A font file of an
 * installed npm package (a template's `npm:` fonts, megabytes of them) is known by the package's
 * name and version, its path in the package and its size, so that a cold build does not read them all.
 */
export function hashFile(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    const packaged = packagedFileIdentity(file, stat.size);
    if (packaged) return hashBytes(packaged);
    const remembered = rememberedHashes.get(file);
    if (
      remembered &&
      remembered.size === stat.size &&
      remembered.ino === stat.ino &&
      remembered.mtimeNs === stat.mtimeNs &&
      remembered.ctimeNs === stat.ctimeNs
    ) {
      return remembered.hash;
    }
    const hash = hashBytes(fs.readFileSync(file));
    const settled = BigInt(Date.now()) * 1_000_000n - stat.mtimeNs > SETTLED_NS;
    if (settled) rememberedHashes.set(file, { size: stat.size, ino: stat.ino, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs, hash });
    else rememberedHashes.delete(file);
    return hash;
  } catch {
    return undefined;
  }
}

const FONT_FILE = /\.(ttf|otf|ttc|woff2?)$/i;

/** `name@version/path size` for a font file inside node_modules/<package>/, read from that package.json. */
function packagedFileIdentity(file: string, size: bigint): string | undefined {
  if (!FONT_FILE.test(file)) return undefined;
  const parts = path.resolve(file).split(path.sep);
  const modules = parts.lastIndexOf('node_modules');
  if (modules === -1) return undefined;
  const nameParts = parts[modules + 1]?.startsWith('@') ? 2 : 1;
  const root = parts.slice(0, modules + 1 + nameParts).join(path.sep);
  const packaged = packageOf(root);
  return packaged && `${packaged}/${parts.slice(modules + 1 + nameParts).join('/')} ${size}`;
}

/**
 * `name@version` of the package in `root`. A template takes many fonts from one package, so each
 * package.json is parsed once per process, and again only when it changes (an upgrade during `watch`).
 */
function packageOf(root: string): string | undefined {
  try {
    return packageIdentity(path.join(root, 'package.json'));
  } catch {
    return undefined;
  }
}

const packageIdentity = rememberByStat((manifest: string): string | undefined => {
  try {
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
    return typeof name === 'string' && typeof version === 'string' ? `${name}@${version}` : undefined;
  } catch {
    return undefined;
  }
});

export function settingsKey(parts: readonly unknown[]): string {
  return hashBytes(JSON.stringify(parts));
}

/**
 * A manifest of content hashes, like a build system's: an article is fresh when its settings match
 * and every input and output file still has the hash recorded when it was built.
 */
export class BuildCache {
  private readonly manifestPath: string;
  private manifest: Manifest;
  /** The manifest as read, so that a build that changed nothing does not write it again. */
  private readText: string | undefined;
  private readonly fileHashes = new Map<string, string | undefined>();

  constructor(cwd: string, outDir: string) {
    this.manifestPath = path.join(cwd, CACHE_DIR_NAME, `${hashBytes(path.resolve(outDir)).slice(0, 16)}.json`);
    this.manifest = this.readManifest();
  }

  isFresh(manuscriptPath: string, settings: string): boolean {
    const entry = this.manifest.entries[manuscriptPath];
    if (!entry || entry.settings !== settings) return false;
    const bagFiles = Object.values(entry.bags ?? {}).flatMap((files) => Object.entries(files));
    for (const [file, hash] of [...Object.entries(entry.inputs), ...Object.entries(entry.outputs), ...bagFiles]) {
      if (this.currentHash(file) !== hash) return false;
    }
    return true;
  }

  outputsOf(manuscriptPath: string): string[] {
    return Object.keys(this.manifest.entries[manuscriptPath]?.outputs ?? {});
  }

  /** Every input file of the manuscript's last good build (its pictures, an edition's articles, template files). */
  inputsOf(manuscriptPath: string): string[] {
    return Object.keys(this.manifest.entries[manuscriptPath]?.inputs ?? {});
  }

  bagsOf(manuscriptPath: string): string[] {
    return Object.keys(this.manifest.entries[manuscriptPath]?.bags ?? {});
  }

  record(manuscriptPath: string, entry: CacheEntry): void {
    this.manifest.entries[manuscriptPath] = entry;
  }

  forget(manuscriptPath: string): void {
    delete this.manifest.entries[manuscriptPath];
  }

  /** Written atomically too: a torn manifest would only cost a rebuild, but needs no special case. */
  save(): void {
    const text = JSON.stringify(this.manifest);
    if (text === this.readText) return;
    writeFilesAtomically([{ path: this.manifestPath, data: Buffer.from(text, 'utf8') }]);
    this.readText = text;
  }

  private currentHash(file: string): string | undefined {
    if (!this.fileHashes.has(file)) this.fileHashes.set(file, hashFile(file));
    return this.fileHashes.get(file);
  }

  private readManifest(): Manifest {
    try {
      const text = fs.readFileSync(this.manifestPath, 'utf8');
      const parsed = JSON.parse(text) as Manifest;
      if (parsed.version === MANIFEST_VERSION && typeof parsed.entries === 'object') {
        this.readText = text;
        return parsed;
      }
    } catch {
      // No cache, or an unreadable one: start afresh.
    }
    return { version: MANIFEST_VERSION, entries: {} };
  }
}

/** Hashes of the files an article was built from, computed from the bytes already in memory where possible. */
export function inputHashes(files: Iterable<[string, Uint8Array | undefined]>): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [file, data] of files) {
    const hash = data ? hashBytes(data) : hashFile(file);
    if (hash) hashes[file] = hash;
  }
  return hashes;
}
