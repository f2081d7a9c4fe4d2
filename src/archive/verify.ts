import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { compareBytewise, HEX_LENGTHS, parseBagInfo, parseManifest, splitLines, unsafePathReason } from './bagit.js';
import { ArchiveError, ZipArchive } from '../zip/read.js';
import { readTar } from './tar.js';

/**
 * Checks a BagIt bag (RFC 8493) — a folder, or a bag serialised as .zip, .tar or .tar.gz — whoever
 * made it: the declaration, every manifest present (any algorithm Node can compute), the payload
 * against them, Payload-Oxum, and the tag manifests. Each problem is one line `BAG/path: what`.
 */

export interface BagProblem {
  /** Relative to the bag's base folder; '' for the bag itself. */
  path: string;
  message: string;
}

export interface BagReport {
  /** The bag as named by the caller (used as the prefix of each problem line). */
  bag: string;
  problems: BagProblem[];
  /** Facts about a bag that could be read, for the "valid" line. */
  payloadFiles: number;
  payloadOctets: number;
  algorithms: string[];
  version: string | undefined;
}

/** `BAG/path: message`, the shape each problem is printed in. */
export function formatProblem(bag: string, problem: BagProblem): string {
  const base = bag.replace(/[\\/]+$/, '') || bag;
  return `${problem.path ? `${base}/${problem.path}` : base}: ${problem.message}`;
}

/** The files of a bag, wherever they are kept; paths are relative to the bag's base folder. */
interface BagSource {
  files: Map<string, { size: number; read: () => Uint8Array; hash: (hashes: Hash[]) => void }>;
  folders: Set<string>;
  problems: BagProblem[];
}

const CHUNK = 1 << 20;

function folderSource(root: string): BagSource {
  const files: BagSource['files'] = new Map();
  const folders = new Set<string>();
  const problems: BagProblem[] = [];
  const walk = (dir: string, relative: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const inner = relative ? `${relative}/${entry.name}` : entry.name;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        problems.push({ path: inner, message: 'cannot be read (a broken link?)' });
        continue;
      }
      if (stat.isDirectory()) {
        folders.add(inner);
        walk(full, inner);
      } else if (stat.isFile()) {
        files.set(inner, {
          size: stat.size,
          read: () => fs.readFileSync(full),
          hash: (hashes) => {
            const handle = fs.openSync(full, 'r');
            try {
              const buffer = Buffer.alloc(CHUNK);
              for (let read = fs.readSync(handle, buffer, 0, CHUNK, null); read > 0; read = fs.readSync(handle, buffer, 0, CHUNK, null)) {
                for (const hash of hashes) hash.update(buffer.subarray(0, read));
              }
            } finally {
              fs.closeSync(handle);
            }
          },
        });
      } else {
        problems.push({ path: inner, message: 'is neither a file nor a folder' });
      }
    }
  };
  walk(root, '');
  return { files, folders, problems };
}

/** Finds the bag inside an archive: at its root, or (BagIt's convention) in its one top folder. */
function archiveSource(raw: { path: string; folder: boolean; size: number; read: () => Uint8Array }[]): BagSource {
  const problems: BagProblem[] = [];
  const entries = raw
    .map((entry) => ({ ...entry, path: entry.path.replace(/^(\.\/)+/, '') }))
    .filter((entry) => entry.path !== '' && entry.path !== './');
  let base = '';
  if (!entries.some((entry) => entry.path === 'bagit.txt')) {
    const tops = [...new Set(entries.map((entry) => entry.path.split('/')[0]!))];
    const nested = entries.every((entry) => entry.path.includes('/'));
    if (tops.length === 1 && nested) base = `${tops[0]}/`;
    else {
      const shown = tops.slice(0, 5).join(', ') + (tops.length > 5 ? ', …' : '');
      problems.push({ path: '', message: `the archive must hold one top folder containing the bag; it has ${tops.length} top-level names (${shown})` });
    }
  }
  const files: BagSource['files'] = new Map();
  const folders = new Set<string>();
  for (const entry of entries) {
    if (!entry.path.startsWith(base)) continue;
    const inner = entry.path.slice(base.length).replace(/\/$/, '');
    if (inner === '') continue;
    const parts = inner.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
    if (entry.folder) {
      folders.add(inner);
      continue;
    }
    if (files.has(inner)) problems.push({ path: inner, message: 'appears twice in the archive' });
    let cached: Uint8Array | undefined;
    const read = () => {
      if (cached) return cached;
      try {
        cached = entry.read();
      } catch (error) {
        if (!(error instanceof ArchiveError)) throw error;
        problems.push({ path: inner, message: `cannot be read from the archive: ${error.message}` });
        cached = new Uint8Array(0);
      }
      return cached;
    };
    files.set(inner, { size: entry.size, read, hash: (hashes) => hashes.forEach((hash) => hash.update(read())) });
  }
  return { files, folders, problems };
}

/** A zip's entries, read whole (through yauzl): an entry that cannot be read becomes a problem when the check reaches it. */
async function zipEntries(source: string | Buffer): Promise<{ path: string; folder: boolean; size: number; read: () => Uint8Array }[]> {
  const zip = await ZipArchive.open(source);
  try {
    const contents = await zip.readAll();
    return zip.entries.map((entry, index) => {
      const content = contents[index]!;
      return {
        ...entry,
        read: () => {
          if (content instanceof ArchiveError) throw content;
          return content;
        },
      };
    });
  } finally {
    zip.close();
  }
}

async function openSource(bagPath: string): Promise<BagSource> {
  const stat = fs.statSync(bagPath);
  if (stat.isDirectory()) return folderSource(bagPath);
  const head = Buffer.alloc(4);
  const handle = fs.openSync(bagPath, 'r');
  try {
    fs.readSync(handle, head, 0, 4, 0);
  } finally {
    fs.closeSync(handle);
  }
  // A zip is read in place: yauzl reads its directory and entries without loading the whole file.
  if (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50) return archiveSource(await zipEntries(bagPath));
  let bytes = fs.readFileSync(bagPath);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (error) {
      throw new ArchiveError(`cannot be decompressed: ${(error as Error).message}`);
    }
  }
  if (bytes.length >= 4 && (bytes.readUInt32LE(0) === 0x04034b50 || bytes.readUInt32LE(0) === 0x06054b50)) return archiveSource(await zipEntries(bytes));
  if (bytes.length >= 512 && bytes.toString('latin1', 257, 262) === 'ustar') {
    return archiveSource(readTar(bytes).map((entry) => ({ ...entry, size: entry.data.byteLength, read: () => entry.data })));
  }
  if (/\.tar$/i.test(bagPath)) return archiveSource(readTar(bytes).map((entry) => ({ ...entry, size: entry.data.byteLength, read: () => entry.data })));
  throw new ArchiveError('is neither a bag folder nor a .zip, .tar or .tar.gz holding one');
}

function canHash(algorithm: string): boolean {
  try {
    createHash(algorithm);
    return true;
  } catch {
    return false;
  }
}

function shortHex(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 16)}…` : hex;
}

function joinList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Verifies one bag. Never throws for a bad bag: everything wrong is a problem in the report. */
export async function verifyBag(bagPath: string, displayName: string = bagPath): Promise<BagReport> {
  const report: BagReport = { bag: displayName, problems: [], payloadFiles: 0, payloadOctets: 0, algorithms: [], version: undefined };
  const problem = (filePath: string, message: string) => report.problems.push({ path: filePath, message });
  let source: BagSource;
  try {
    source = await openSource(bagPath);
  } catch (error) {
    if (error instanceof ArchiveError || (error as NodeJS.ErrnoException).code === 'EACCES') {
      problem('', (error as Error).message);
      return report;
    }
    throw error;
  }
  // Problems found while reading the archive's entries later on land in the same list.
  report.problems = source.problems;
  const { files } = source;

  // The bag declaration: exactly two lines, in this order, UTF-8 without a byte-order mark.
  let decoder = new TextDecoder('utf-8');
  const declaration = files.get('bagit.txt');
  if (!declaration) {
    problem('bagit.txt', 'missing: every bag starts with this declaration (BagIt-Version and Tag-File-Character-Encoding)');
  } else {
    const bytes = declaration.read();
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) problem('bagit.txt', 'starts with a byte-order mark, which the declaration must not have');
    const lines = splitLines(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
    const version = /^BagIt-Version: (\d+\.\d+)$/.exec(lines[0] ?? '');
    const encoding = /^Tag-File-Character-Encoding: (\S+)$/.exec(lines[1] ?? '');
    if (!version) problem('bagit.txt', `line 1 must be "BagIt-Version: M.N", not ${JSON.stringify(lines[0] ?? '')}`);
    else report.version = version[1];
    if (!encoding) problem('bagit.txt', `line 2 must be "Tag-File-Character-Encoding: ENCODING", not ${JSON.stringify(lines[1] ?? '')}`);
    else {
      try {
        decoder = new TextDecoder(encoding[1]!);
      } catch {
        problem('bagit.txt', `Tag-File-Character-Encoding "${encoding[1]}" is not an encoding this verifier knows; tag files are read as UTF-8`);
      }
    }
    if (lines.length > 2) problem('bagit.txt', `has ${lines.length} lines; the declaration has exactly two`);
  }
  const text = (filePath: string) => decoder.decode(files.get(filePath)!.read()).replace(/^\uFEFF/, '');

  if (!source.folders.has('data')) problem('data', 'missing: the payload folder data/ must exist (even when empty)');
  const payload = [...files.keys()].filter((name) => name.startsWith('data/')).sort(compareBytewise);
  report.payloadFiles = payload.length;
  report.payloadOctets = payload.reduce((sum, name) => sum + files.get(name)!.size, 0);

  // fetch.txt: files it lists may be absent until fetched, but the bag is not complete without them.
  const fetchable = new Set<string>();
  if (files.has('fetch.txt')) {
    for (const line of splitLines(text('fetch.txt'))) {
      const match = /^\S+[ \t]+(?:\d+|-)[ \t]+(.+)$/.exec(line);
      if (match) fetchable.add(match[1]!.replace(/%(25|0A|0D)/gi, (_m, code: string) => String.fromCharCode(parseInt(code, 16))));
    }
  }

  // bag-info.txt is optional; when present its lines must parse and Payload-Oxum must be right.
  if (files.has('bag-info.txt')) {
    const info = parseBagInfo(text('bag-info.txt'));
    for (const message of info.problems) problem('bag-info.txt', message);
    const oxums = info.fields.filter((field) => field.label === 'Payload-Oxum');
    if (oxums.length > 1) problem('bag-info.txt', `Payload-Oxum appears ${oxums.length} times; it may appear once`);
    const oxum = oxums[0];
    if (oxum) {
      const match = /^(\d+)\.(\d+)$/.exec(oxum.value);
      if (!match) problem('bag-info.txt', `Payload-Oxum must be OCTETS.FILES, not "${oxum.value}"`);
      else if (Number(match[1]) !== report.payloadOctets || Number(match[2]) !== report.payloadFiles) {
        problem(
          'bag-info.txt',
          `Payload-Oxum is ${oxum.value}, but the payload holds ${report.payloadOctets}.${report.payloadFiles} (${report.payloadOctets} octets in ${report.payloadFiles} files)`,
        );
      }
    }
  }

  const manifestsOf = (prefix: string) =>
    [...files.keys()]
      .map((name) => ({ name, match: new RegExp(`^${prefix}-([A-Za-z0-9][A-Za-z0-9-]*)\\.txt$`).exec(name) }))
      .filter((found): found is { name: string; match: RegExpExecArray } => found.match !== null)
      .map(({ name, match }) => ({ name, algorithm: match[1]!.toLowerCase() }))
      .sort((a, b) => compareBytewise(a.name, b.name));

  const payloadManifests = manifestsOf('manifest');
  const tagManifests = manifestsOf('tagmanifest');
  if (payloadManifests.length === 0) problem('', 'no payload manifest (manifest-ALGORITHM.txt, e.g. manifest-sha256.txt)');

  /** Reads each usable manifest: which checksum it gives each path it lists. */
  const readManifests = (manifests: { name: string; algorithm: string }[], kind: 'payload' | 'tag') => {
    const usable: { name: string; algorithm: string; entries: Map<string, string> }[] = [];
    for (const manifest of manifests) {
      if (!canHash(manifest.algorithm)) {
        problem(manifest.name, `cannot be checked: "${manifest.algorithm}" is not a checksum algorithm this verifier knows (${Object.keys(HEX_LENGTHS).join(', ')})`);
        continue;
      }
      const parsed = parseManifest(text(manifest.name), manifest.algorithm);
      for (const message of parsed.problems) problem(manifest.name, message);
      const entries = new Map<string, string>();
      for (const entry of parsed.entries) {
        const unsafe = unsafePathReason(entry.path);
        if (unsafe) {
          problem(manifest.name, `line ${entry.line}: the path ${JSON.stringify(entry.path)} ${unsafe}`);
          continue;
        }
        if (kind === 'payload' && !entry.path.startsWith('data/')) {
          problem(manifest.name, `line ${entry.line}: ${entry.path} is not in the payload; a payload manifest lists only files under data/`);
          continue;
        }
        if (kind === 'tag' && entry.path.startsWith('data/')) {
          problem(manifest.name, `line ${entry.line}: ${entry.path} is payload; a tag manifest lists only tag files`);
          continue;
        }
        if (entries.has(entry.path)) {
          problem(manifest.name, `line ${entry.line}: ${entry.path} is listed twice`);
          continue;
        }
        entries.set(entry.path, entry.checksum);
      }
      usable.push({ name: manifest.name, algorithm: manifest.algorithm, entries });
    }
    return usable;
  };

  /**
   * Checks the listed files: present, and their content matching every manifest that lists them.
   * With `complete`, every file in `candidates` must be listed in every manifest (the payload rule).
   */
  const checkListed = (manifests: ReturnType<typeof readManifests>, candidates: readonly string[], complete: boolean) => {
    const listed = [...new Set(manifests.flatMap((manifest) => [...manifest.entries.keys()]))].sort(compareBytewise);
    // Bags made on macOS may list a name in one Unicode normal form and store it in the other.
    const byNormalForm = new Map([...files.keys()].map((name) => [name.normalize('NFC'), name]));
    const accounted = new Set<string>();
    for (const name of listed) {
      const listing = manifests.filter((manifest) => manifest.entries.has(name));
      const actual = files.has(name) ? name : byNormalForm.get(name.normalize('NFC'));
      if (actual === undefined) {
        const where = joinList(listing.map((manifest) => manifest.name));
        problem(name, fetchable.has(name) ? `missing: listed in ${where} and in fetch.txt, but not fetched yet` : `missing, but listed in ${where}`);
        continue;
      }
      accounted.add(actual);
      const unlisted = manifests.filter((manifest) => !manifest.entries.has(name));
      if (complete && unlisted.length > 0) problem(name, `not listed in ${joinList(unlisted.map((manifest) => manifest.name))}`);
      const hashes = listing.map((manifest) => createHash(manifest.algorithm));
      files.get(actual)!.hash(hashes);
      const mismatched = listing
        .map((manifest, index) => ({ manifest, expected: manifest.entries.get(name)!, got: hashes[index]!.digest('hex') }))
        .filter((check) => check.expected !== check.got);
      if (mismatched.length > 0) {
        const first = mismatched[0]!;
        problem(
          name,
          `content does not match its checksum in ${joinList(mismatched.map((check) => check.manifest.name))} (${first.manifest.algorithm} listed ${shortHex(first.expected)}, file has ${shortHex(first.got)})`,
        );
      }
    }
    if (!complete || manifests.length === 0) return;
    for (const name of candidates) {
      if (!accounted.has(name)) problem(name, `not listed in ${joinList(manifests.map((manifest) => manifest.name))}: a file in the payload that no manifest knows`);
    }
  };

  const payloadChecks = readManifests(payloadManifests, 'payload');
  report.algorithms = payloadChecks.map((manifest) => manifest.algorithm);
  checkListed(payloadChecks, payload, true);
  const tagChecks = readManifests(tagManifests, 'tag');
  checkListed(tagChecks, [], false);
  report.problems.sort((a, b) => compareBytewise(a.path, b.path));
  return report;
}
