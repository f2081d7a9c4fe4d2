import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBag, decodeManifestPath, encodeManifestPath, formatManifest, parseBagInfo, parseManifest, unsafePathReason } from '../src/archive/bagit.js';
import { formatProblem, verifyBag } from '../src/archive/verify.js';
import { readTar, writeTar } from '../src/archive/tar.js';
import { ZipArchive } from '../src/zip/read.js';
import { crc32, writeZip } from '../src/zip/write.js';
import { makeTemp, removeTemp, runCli } from './helpers/cli.js';
import { requireTool } from './helpers/tools.js';

/**
 * A bag written by hand in the style of other bagging tools: BagIt 0.97, CRLF line ends, md5 and
 * sha1 manifests (one line tab-separated, one with sha256sum's `*` marker), no bag-info.txt, and
 * names that must be percent-encoded (%, LF, CR) beside non-ASCII and empty files.
 */
const PAYLOAD: Record<string, string> = {
  'data/readme.txt': 'A bag made by some other tool.\r\n',
  'data/100% pure.txt': 'percent\n',
  'data/line\nbreak.txt': 'a name with a line feed\n',
  'data/carriage\rreturn.txt': 'a name with a carriage return\n',
  'data/sub folder/Ünïcode naïve.txt': 'ünïcödé\n',
  'data/empty.txt': '',
};

function digest(algorithm: string, text: string | Uint8Array): string {
  return createHash(algorithm).update(text).digest('hex');
}

function manifestText(algorithm: string, files: Record<string, string | Uint8Array>, style: (index: number) => string = () => '  '): string {
  return Object.entries(files)
    .map(([name, content], index) => `${digest(algorithm, content)}${style(index)}${encodeManifestPath(name)}\r\n`)
    .join('');
}

/** Writes the foreign-style bag into `dir`; `extra` adds or replaces tag files. */
function writeForeignBag(dir: string, extra: Record<string, string> = {}): string {
  for (const [name, content] of Object.entries(PAYLOAD)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  const tags: Record<string, string> = {
    'bagit.txt': 'BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8\r\n',
    'manifest-md5.txt': manifestText('md5', PAYLOAD, (index) => (index === 1 ? '\t' : index === 2 ? ' *' : '  ')),
    'manifest-sha1.txt': manifestText('sha1', PAYLOAD, () => ' '),
    ...extra,
  };
  for (const [name, content] of Object.entries(tags)) fs.writeFileSync(path.join(dir, name), content);
  const listed = Object.fromEntries(Object.keys(tags).map((name) => [name, fs.readFileSync(path.join(dir, name))]));
  fs.writeFileSync(path.join(dir, 'tagmanifest-md5.txt'), manifestText('md5', listed));
  return dir;
}

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-verify-');
});
afterAll(() => removeTemp(scratch));

function freshBag(name: string, extra: Record<string, string> = {}): string {
  return writeForeignBag(path.join(scratch, name), extra);
}

async function problems(bag: string): Promise<string[]> {
  const report = await verifyBag(bag, path.basename(bag));
  return report.problems.map((problem) => formatProblem(path.basename(bag), problem));
}

describe('verify: bags other tools made', () => {
  it('accepts the hand-written bag (0.97, CRLF, md5 + sha1, no bag-info, percent-encoded names)', () => {
    const bag = freshBag('foreign');
    expect(fs.readFileSync(path.join(bag, 'manifest-md5.txt'), 'utf8')).toContain('data/line%0Abreak.txt\r\n');
    expect(fs.readFileSync(path.join(bag, 'manifest-md5.txt'), 'utf8')).toContain('data/100%25 pure.txt\r\n');
    const run = runCli(['verify', 'foreign'], { cwd: scratch });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const octets = Object.values(PAYLOAD).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    expect(run.stdout).toBe(`foreign: valid bag (BagIt 0.97; 6 payload files, ${octets} octets; checked md5, sha1)\n`);
  });

  it('accepts sha256/sha512 manifests and a bag-info.txt with CRLF, continuation lines and Payload-Oxum', async () => {
    const octets = Object.values(PAYLOAD).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const bag = freshBag('foreign-sha', {
      'bagit.txt': 'BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n',
      'manifest-sha256.txt': manifestText('sha256', PAYLOAD),
      'manifest-sha512.txt': manifestText('sha512', PAYLOAD),
      'bag-info.txt': `Source-Organization: Some Archive\r\nExternal-Description: A long description that\r\n   continues on the next line\r\nPayload-Oxum: ${octets}.6\r\nBagging-Date: 2020-01-01\r\n`,
    });
    expect(await problems(bag)).toEqual([]);
  });

  it('accepts the same bag zipped by another tool (deflated) and as a .tar.gz from tar', async () => {
    const bag = freshBag('zipped');
    const zip = new JSZip();
    const add = (dir: string, prefix: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) add(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else zip.file(`${prefix}${entry.name}`, fs.readFileSync(path.join(dir, entry.name)));
      }
    };
    add(bag, 'zipped/');
    const zipPath = path.join(scratch, 'zipped.zip');
    fs.writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await problems(zipPath)).toEqual([]);

    requireTool('tar', 'tar');
    const tarPath = path.join(scratch, 'zipped.tar.gz');
    execFileSync('tar', ['-czf', tarPath, '-C', scratch, 'zipped']);
    expect(await problems(tarPath)).toEqual([]);
    const run = runCli(['verify', 'zipped.zip', 'zipped.tar.gz'], { cwd: scratch });
    expect(run.status).toBe(0);
  });

  it('reports damage by the decoded name, per manifest', async () => {
    const bag = freshBag('foreign-damaged');
    fs.writeFileSync(path.join(bag, 'data', '100% pure.txt'), 'changed\n');
    fs.writeFileSync(path.join(bag, 'data', 'line\nbreak.txt'), 'changed too\n');
    expect(await problems(bag)).toEqual([
      expect.stringMatching(/^foreign-damaged\/data\/100% pure\.txt: content does not match its checksum in manifest-md5\.txt and manifest-sha1\.txt \(md5 listed/),
      expect.stringMatching(/^foreign-damaged\/data\/line\nbreak\.txt: content does not match its checksum in manifest-md5\.txt and manifest-sha1\.txt/),
    ]);
  });

  it('a file missing from one manifest, a deleted file, an extra file', async () => {
    const partial = Object.fromEntries(Object.entries(PAYLOAD).filter(([name]) => name !== 'data/empty.txt'));
    const bag = freshBag('foreign-partial', { 'manifest-sha1.txt': manifestText('sha1', partial) });
    fs.rmSync(path.join(bag, 'data', 'readme.txt'));
    fs.writeFileSync(path.join(bag, 'data', '.DS_Store'), 'junk');
    expect(await problems(bag)).toEqual([
      'foreign-partial/data/.DS_Store: not listed in manifest-md5.txt and manifest-sha1.txt: a file in the payload that no manifest knows',
      'foreign-partial/data/empty.txt: not listed in manifest-sha1.txt',
      'foreign-partial/data/readme.txt: missing, but listed in manifest-md5.txt and manifest-sha1.txt',
    ]);
  });

  it('a wrong declaration, a bad manifest line, an unsafe path, an unknown algorithm, no data/', async () => {
    const bag = freshBag('foreign-broken', {
      'bagit.txt': 'BagIt-Version 1.0\nTag-File-Character-Encoding: UTF-8\n',
      'manifest-sha1.txt': `${manifestText('sha1', PAYLOAD)}not a manifest line\r\n${digest('sha1', 'x')}  data/../../etc/passwd\r\n${digest('sha1', 'x')}  bagit.txt\r\n`,
      'manifest-frobnicate.txt': 'abc  data/readme.txt\n',
    });
    const lines = await problems(bag);
    expect(lines).toEqual([
      'foreign-broken/bagit.txt: line 1 must be "BagIt-Version: M.N", not "BagIt-Version 1.0"',
      expect.stringMatching(/^foreign-broken\/manifest-frobnicate\.txt: cannot be checked: "frobnicate" is not a checksum algorithm this verifier knows/),
      'foreign-broken/manifest-sha1.txt: line 7 is not "checksum path": "not a manifest line"',
      'foreign-broken/manifest-sha1.txt: line 8: the path "data/../../etc/passwd" leaves the bag (..)',
      'foreign-broken/manifest-sha1.txt: line 9: bagit.txt is not in the payload; a payload manifest lists only files under data/',
    ]);
    const empty = path.join(scratch, 'no-data');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(await problems(empty)).toEqual([
      'no-data: no payload manifest (manifest-ALGORITHM.txt, e.g. manifest-sha256.txt)',
      'no-data/data: missing: the payload folder data/ must exist (even when empty)',
    ]);
  });

  it('a damaged zip: a failed CRC is a problem, not a crash', async () => {
    const bag = assembleBag('tiny-bag', [{ path: 'hello.txt', data: Buffer.from('hello, archive\n') }], [], new Date(0));
    const bytes = Buffer.from(writeZip([{ path: 'tiny-bag/', data: undefined }, ...bag.files.map((file) => ({ path: `tiny-bag/${file.path}`, data: file.data }))], new Date(0)));
    const at = bytes.indexOf('hello, archive');
    bytes[at] = 'j'.charCodeAt(0);
    const zipPath = path.join(scratch, 'tiny-bag.zip');
    fs.writeFileSync(zipPath, bytes);
    expect(await problems(zipPath)).toEqual([
      'tiny-bag.zip/data/hello.txt: cannot be read from the archive: the entry fails its zip CRC-32 check (damaged archive)',
      expect.stringMatching(/^tiny-bag\.zip\/data\/hello\.txt: content does not match its checksum in manifest-sha256\.txt and manifest-sha512\.txt/),
    ]);
    fs.writeFileSync(path.join(scratch, 'not-a-bag.zip'), 'plain text');
    expect(await problems(path.join(scratch, 'not-a-bag.zip'))).toEqual(['not-a-bag.zip: is neither a bag folder nor a .zip, .tar or .tar.gz holding one']);
  });
});

describe('BagIt building blocks', () => {
  it('percent-encodes exactly CR, LF and % in manifest paths, and decodes them back', () => {
    expect(encodeManifestPath('data/a%b\nc\rd e.txt')).toBe('data/a%25b%0Ac%0Dd e.txt');
    expect(decodeManifestPath('data/a%25b%0ac%0Dd%20e.txt')).toBe('data/a%b\nc\rd%20e.txt');
  });

  it('reads manifests with tabs, CRLF, upper-case hex and the * marker; says what is wrong with bad lines', () => {
    const hex = digest('sha256', 'x');
    const parsed = parseManifest(`${hex.toUpperCase()}\tdata/a.txt\r\n${hex} *data/b.txt\r\n\r\nabc data/c.txt\n`, 'sha256');
    expect(parsed.entries).toEqual([
      { line: 1, checksum: hex, path: 'data/a.txt' },
      { line: 2, checksum: hex, path: 'data/b.txt' },
    ]);
    expect(parsed.problems).toEqual(['line 4: a sha256 checksum has 64 hex digits, this one has 3']);
    expect(unsafePathReason('/etc/passwd')).toBe('is absolute');
    expect(unsafePathReason('data/ok.txt')).toBeUndefined();
  });

  it('reads bag-info labels with continuation lines', () => {
    expect(parseBagInfo('A: one\n  two\nB:three\r\nnot a field\n').fields).toEqual([
      { label: 'A', value: 'one two', line: 1 },
      { label: 'B', value: 'three', line: 3 },
    ]);
  });

  it('assembles the same bytes from the same inputs, sorted by UTF-8 bytes', () => {
    const make = () => assembleBag('b', [{ path: 'é.txt', data: Buffer.from('1') }, { path: 'z.txt', data: Buffer.from('2') }, { path: 'Z.txt', data: Buffer.from('3') }], [['Bagging-Date', '2020-01-01']], new Date(0));
    const [one, two] = [make(), make()];
    expect(one).toEqual(two);
    expect(one.files.filter((file) => file.path.startsWith('data/')).map((file) => file.path)).toEqual(['data/Z.txt', 'data/z.txt', 'data/é.txt']);
    expect(Buffer.from(formatManifest('md5', [{ path: 'data/x', data: Buffer.from('') }])).toString()).toBe('d41d8cd98f00b204e9800998ecf8427e  data/x\n');
  });

  it('CRC-32 and the zip and tar writers round-trip, long paths included', async () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const long = `bag/data/${'a-rather-long-folder-name/'.repeat(8)}${'x'.repeat(90)}.txt`;
    const longer = `bag/data/${'y'.repeat(180)}/${'z'.repeat(120)}.txt`;
    const entries = [
      { path: 'bag/', data: undefined },
      { path: 'bag/data/', data: undefined },
      { path: long, data: Buffer.from('long') },
      { path: longer, data: Buffer.from('longer') },
      { path: 'bag/data/ünï.txt', data: Buffer.from('') },
    ];
    const date = new Date('2023-04-21T17:21:00Z');
    const tar = Buffer.from(writeTar(entries, date));
    expect(readTar(tar).map((entry) => entry.path)).toEqual(entries.map((entry) => entry.path));
    requireTool('tar', 'tar');
    const tarPath = path.join(scratch, 'long.tar');
    fs.writeFileSync(tarPath, tar);
    expect(execFileSync('tar', ['-tf', tarPath], { encoding: 'utf8' }).trim().split('\n')).toEqual(entries.map((entry) => entry.path));
    const zip = Buffer.from(writeZip(entries, date));
    const archive = await ZipArchive.open(zip);
    const contents = await archive.readAll();
    expect(archive.entries.map((entry, index) => [entry.path, contents[index]!.toString()])).toEqual(entries.map((entry) => [entry.path, entry.data ? entry.data.toString() : '']));
    expect(Buffer.from(writeZip(entries, date))).toEqual(zip);
    expect(Buffer.from(writeTar(entries, date))).toEqual(tar);
  });

  it('deflates the entries asked for when that makes them smaller, and other zip tools read them back', async () => {
    const text = Buffer.from('The same sentence, again and again. '.repeat(200));
    const noise = createHash('sha512').update('noise').digest();
    const date = new Date('2023-04-21T17:21:00Z');
    const zip = Buffer.from(
      writeZip(
        [
          { path: 'stored.txt', data: text },
          { path: 'deflated.txt', data: text, deflate: true },
          { path: 'incompressible.bin', data: noise, deflate: true },
        ],
        date,
      ),
    );
    const read = await ZipArchive.open(zip);
    expect(await read.readAll()).toEqual([text, text, noise]);
    // Local header, compression method: 0 stored, 8 deflated.
    const methods = read.entries.map((entry) => zip.readUInt16LE(zip.indexOf(entry.path) - 22));
    expect(methods).toEqual([0, 8, 0]);
    expect(zip.length).toBeLessThan(text.length + noise.length + 1000);
    requireTool('unzip', 'unzip');
    const zipPath = path.join(scratch, 'deflated.zip');
    fs.writeFileSync(zipPath, zip);
    expect(execFileSync('unzip', ['-p', zipPath, 'deflated.txt'])).toEqual(text);
    expect(execFileSync('unzip', ['-tq', zipPath], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });

  it('refuses a deflated entry that inflates to more or fewer bytes than its headers state', async () => {
    const text = Buffer.from('The same sentence, again and again. '.repeat(200));
    const zip = Buffer.from(writeZip([{ path: 'deflated.txt', data: text, deflate: true }], new Date('2023-04-21T17:21:00Z')));
    // The uncompressed size stands at offset 22 of the local header and 24 of the central directory's entry.
    const stating = (size: number) => {
      const damaged = Buffer.from(zip);
      damaged.writeUInt32LE(size, damaged.indexOf('PK\x03\x04', 0, 'latin1') + 22);
      damaged.writeUInt32LE(size, damaged.indexOf('PK\x01\x02', 0, 'latin1') + 24);
      return damaged;
    };
    expect(await (await ZipArchive.open(stating(text.length))).read('deflated.txt')).toEqual(text);
    await expect((await ZipArchive.open(stating(100))).read('deflated.txt')).rejects.toThrow(/cannot be read/);
    await expect((await ZipArchive.open(stating(text.length + 1))).read('deflated.txt')).rejects.toThrow(`the entry holds ${text.length} bytes, not the ${text.length + 1} its header states`);
  });
});
