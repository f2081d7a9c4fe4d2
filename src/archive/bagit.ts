import { createHash } from 'node:crypto';

/**
 * BagIt (RFC 8493, version 1.0): the pieces both the writer and the verifier need — manifest and
 * tag-file formats, path encoding, ordering. Everything here is pure: bytes in, bytes out.
 */

export const BAGIT_VERSION = '1.0';
export const TAG_FILE_ENCODING = 'UTF-8';
/** Payload manifests Pressroom writes, in this order; each has a tag manifest of the same algorithm. */
export const WRITTEN_ALGORITHMS = ['sha256', 'sha512'] as const;
export type WrittenAlgorithm = (typeof WRITTEN_ALGORITHMS)[number];

/** Checksum lengths (hex digits) of the algorithms RFC 8493 and common bagging tools use. */
export const HEX_LENGTHS: Readonly<Record<string, number>> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** A file inside a bag, addressed by its slash-separated path relative to the bag's base folder. */
export interface BagEntry {
  path: string;
  data: Uint8Array;
}

/** A complete bag held in memory: every tag file and payload file, ready to be written or serialised. */
export interface Bag {
  /** The bag's folder name (`<slug>-bag`); also the top folder inside a serialised bag. */
  name: string;
  /** Every file, tag files and payload alike, in byte order of their paths. */
  files: BagEntry[];
  /** The fixed modification time of every file and folder. */
  date: Date;
}

export function digestHex(algorithm: string, data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** Orders paths by their UTF-8 bytes (what `LC_ALL=C sort` does), whatever the machine's locale. */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path — and only those — are percent-encoded. */
export function encodeManifestPath(filePath: string): string {
  return filePath.replace(/[%\r\n]/g, (char) => ({ '%': '%25', '\r': '%0D', '\n': '%0A' })[char]!);
}

export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%(25|0A|0D)/gi, (_match, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** `checksum  path` lines (two spaces, as sha256sum writes them), sorted by path, LF-terminated. */
export function formatManifest(algorithm: string, files: readonly BagEntry[]): Uint8Array {
  const lines = [...files]
    .sort((a, b) => compareBytewise(a.path, b.path))
    .map((file) => `${digestHex(algorithm, file.data)}  ${encodeManifestPath(file.path)}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}

export function formatBagDeclaration(): Uint8Array {
  return Buffer.from(`BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: ${TAG_FILE_ENCODING}\n`, 'utf8');
}

/** `Label: value` lines in the given order; line breaks inside a value are folded into spaces. */
export function formatBagInfo(fields: readonly (readonly [string, string])[]): Uint8Array {
  const lines = fields.map(([label, value]) => `${label}: ${value.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}

/** `octetcount.streamcount` of the payload (RFC 8493 §2.2.2). */
export function payloadOxum(payload: readonly BagEntry[]): string {
  const octets = payload.reduce((sum, file) => sum + file.data.byteLength, 0);
  return `${octets}.${payload.length}`;
}

/** `YYYY-MM-DD` of an instant, in UTC, so that the date does not depend on the machine's zone. */
export function bagDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Assembles a bag from its payload (paths relative to `data/`) and its bag-info fields (without
 * Payload-Oxum, which is computed here): bagit.txt, bag-info.txt, a payload manifest and a tag
 * manifest for each of SHA-256 and SHA-512. Deterministic: the same inputs give the same bytes.
 */
export function assembleBag(name: string, payload: readonly BagEntry[], info: readonly (readonly [string, string])[], date: Date): Bag {
  const data = payload.map((file) => ({ path: `data/${file.path}`, data: file.data }));
  const seen = new Set<string>();
  for (const file of data) {
    if (seen.has(file.path)) throw new Error(`two payload files share the path ${file.path}`);
    seen.add(file.path);
  }
  const tags: BagEntry[] = [
    { path: 'bagit.txt', data: formatBagDeclaration() },
    { path: 'bag-info.txt', data: formatBagInfo([...info, ['Payload-Oxum', payloadOxum(data)]]) },
    ...WRITTEN_ALGORITHMS.map((algorithm) => ({ path: `manifest-${algorithm}.txt`, data: formatManifest(algorithm, data) })),
  ];
  const tagManifests = WRITTEN_ALGORITHMS.map((algorithm) => ({ path: `tagmanifest-${algorithm}.txt`, data: formatManifest(algorithm, tags) }));
  const files = [...tags, ...tagManifests, ...data].sort((a, b) => compareBytewise(a.path, b.path));
  return { name, files, date };
}

/** Splits a tag file into lines; CRLF, CR and LF all end a line (bags from other systems use any). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface ManifestLine {
  /** 1-based line number, for messages. */
  line: number;
  checksum: string;
  /** The decoded path, relative to the bag's base folder. */
  path: string;
}

export interface ParsedManifest {
  entries: ManifestLine[];
  problems: string[];
}

/**
 * Reads `checksum path` lines, tolerating what other tools write: any run of spaces or tabs between
 * the two, CRLF line ends, and sha256sum's `*` binary-mode marker before the path.
 */
export function parseManifest(text: string, algorithm: string): ParsedManifest {
  const entries: ManifestLine[] = [];
  const problems: string[] = [];
  const expectedLength = HEX_LENGTHS[algorithm];
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const match = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(raw);
    if (!match) {
      problems.push(`line ${line} is not "checksum path": ${JSON.stringify(raw.slice(0, 120))}`);
      return;
    }
    const checksum = match[1]!.toLowerCase();
    if (expectedLength !== undefined && checksum.length !== expectedLength) {
      problems.push(`line ${line}: a ${algorithm} checksum has ${expectedLength} hex digits, this one has ${checksum.length}`);
      return;
    }
    let encoded = match[2]!;
    if (encoded.startsWith('*') && !encoded.startsWith('*/')) encoded = encoded.slice(1);
    entries.push({ line, checksum, path: decodeManifestPath(encoded) });
  });
  return { entries, problems };
}

/** Why a manifest path cannot name a file inside the bag, or undefined when it is fine. */
export function unsafePathReason(filePath: string): string | undefined {
  if (filePath.startsWith('/') || /^[A-Za-z]:/.test(filePath)) return 'is absolute';
  if (filePath.includes('\\')) return 'uses backslashes; BagIt paths use forward slashes';
  const parts = filePath.split('/');
  if (parts.some((part) => part === '..')) return 'leaves the bag (..)';
  if (parts.some((part) => part === '' || part === '.')) return 'has an empty or "." segment';
  return undefined;
}

export interface BagInfoField {
  label: string;
  value: string;
  line: number;
}

/** Reads `Label: value` lines; a line starting with a space or tab continues the value before it. */
export function parseBagInfo(text: string): { fields: BagInfoField[]; problems: string[] } {
  const fields: BagInfoField[] = [];
  const problems: string[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    if (/^[ \t]/.test(raw) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last.value = `${last.value} ${raw.trim()}`.trim();
      return;
    }
    if (raw.trim() === '') return;
    const match = /^([^:\s][^:]*?)[ \t]*:[ \t]*(.*)$/.exec(raw);
    if (!match) {
      problems.push(`line ${line} is not "Label: value": ${JSON.stringify(raw.slice(0, 120))}`);
      return;
    }
    fields.push({ label: match[1]!, value: match[2]!.trim(), line });
  });
  return { fields, problems };
}
