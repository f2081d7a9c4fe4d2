import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, makeTemp, REPO_ROOT, removeTemp, runCli } from './helpers/cli.js';
import { clockShifter } from './helpers/clock.js';
import { pdfinfoMetadata, qpdfCheck, requireTool } from './helpers/tools.js';
import { openZip } from './helpers/zip.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
const SLUG = 'zelenskyy-nato-guarantees';
const BAG = `${SLUG}-bag`;
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The sample's updated date, 2023-04-21T22:51:00+05:30, in UTC: the build date of every file. */
const BUILD_DATE = '2023-04-21T17:21:00.000Z';
const PAYLOAD = [
  'data/dc.xml',
  'data/metadata.json',
  'data/source/images/lead.png',
  `data/source/${SLUG}.md`,
  `data/${SLUG}.epub`,
  `data/${SLUG}.pdf`,
];
const TAG_FILES = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt'];


let scratch: string;
/** The --import flag that shifts a child's clock. */
let shiftClock: string;
/** The sample packaged once as a folder, a zip and a tar, shared by the read-only tests. */
let out: string;
let bag: string;

/** Every file below `dir`, relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A copy of the packaged bag that a test may damage. */
function copyOfBag(name: string): string {
  const copy = path.join(scratch, 'copies', name, BAG);
  fs.cpSync(bag, copy, { recursive: true });
  return copy;
}

function verify(target: string, cwd = path.dirname(target)) {
  return runCli(['verify', path.basename(target)], { cwd });
}

/** The problem lines (the last stderr line is the summary). */
function problemLines(stderr: string): string[] {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines.at(-1)).toMatch(/: invalid bag \(\d+ problems?\)$/);
  return lines.slice(0, -1);
}

beforeAll(() => {
  scratch = makeTemp('pressroom-archive-');
  shiftClock = clockShifter(scratch);
  out = path.join(scratch, 'out');
  const run = runCli(['package', SAMPLE, '--out', out, '--folder', '--zip', '--tar']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  bag = path.join(out, BAG);
});
afterAll(() => removeTemp(scratch));

describe('pressroom package', () => {
  it('writes <slug>-bag/ (and .zip, .tar) with the payload and tag files', () => {
    expect(fs.readdirSync(out).sort()).toEqual([BAG, `${BAG}.tar`, `${BAG}.zip`]);
    expect(listFiles(bag)).toEqual([...TAG_FILES.slice(0, 2), ...PAYLOAD, ...TAG_FILES.slice(2)].sort());
    const run = runCli(['package', SAMPLE, '--out', path.join(scratch, 'plain')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`packaged ${path.relative(REPO_ROOT, SAMPLE)} → ${path.join(scratch, 'plain', BAG)}/`);
    expect(run.stdout).toMatch(/^1 packaged, 0 failed in /m);
    expect(fs.readdirSync(path.join(scratch, 'plain'))).toEqual([BAG]);
  });

  it('a package of the sample verifies', () => {
    for (const target of [BAG, `${BAG}.zip`, `${BAG}.tar`]) {
      const run = runCli(['verify', target], { cwd: out });
      expect(run.stderr, target).toBe('');
      expect(run.status, target).toBe(0);
      expect(run.stdout).toBe(`${target}: valid bag (BagIt 1.0; 6 payload files, ${PAYLOAD.reduce((sum, file) => sum + fs.statSync(path.join(bag, file)).size, 0)} octets; checked sha256, sha512)\n`);
    }
  });

  it('bagit.txt and bag-info.txt say what RFC 8493 asks, dated from the article', () => {
    expect(fs.readFileSync(path.join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const octets = PAYLOAD.reduce((sum, file) => sum + fs.statSync(path.join(bag, file)).size, 0);
    const identifier = (JSON.parse(fs.readFileSync(path.join(bag, 'data', 'metadata.json'), 'utf8')) as { identifier: string }).identifier;
    expect(identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // The sample names no publisher, so there is no Source-Organization.
    expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toBe(
      [
        `External-Identifier: ${identifier}`,
        'External-Description: Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief',
        'Bagging-Date: 2023-04-21',
        `Bag-Software-Agent: Pressroom ${VERSION}`,
        `Payload-Oxum: ${octets}.6`,
        '',
      ].join('\n'),
    );
  });

  it('manifests: sorted paths, LF line ends, every payload file with its true checksum', () => {
    for (const algorithm of ['sha256', 'sha512']) {
      const text = fs.readFileSync(path.join(bag, `manifest-${algorithm}.txt`), 'utf8');
      expect(text).not.toContain('\r');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n');
      expect(lines.map((line) => line.split('  ')[1])).toEqual([...PAYLOAD].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      for (const line of lines) {
        const [checksum, file] = line.split('  ') as [string, string];
        expect(checksum).toBe(createHash(algorithm).update(fs.readFileSync(path.join(bag, file))).digest('hex'));
      }
      const tags = fs.readFileSync(path.join(bag, `tagmanifest-${algorithm}.txt`), 'utf8').trimEnd().split('\n');
      expect(tags.map((line) => line.split('  ')[1])).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt']);
    }
  });

  it('`sha256sum -c` and `sha512sum -c` (coreutils) pass inside the bag', () => {
    requireTool('sha256sum', 'coreutils');
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha512.txt']) {
      const tool = manifest.includes('512') ? 'sha512sum' : 'sha256sum';
      const run = spawnSync(tool, ['--strict', '-c', manifest], { cwd: bag, encoding: 'utf8' });
      expect(run.status, `${tool} -c ${manifest}\n${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout.trim().split('\n').every((line) => line.endsWith(': OK'))).toBe(true);
    }
  });

  it('the archival PDF passes qpdf --check and carries the manuscript as an attachment', () => {
    const pdf = path.join(bag, 'data', `${SLUG}.pdf`);
    const check = qpdfCheck(pdf);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    requireTool('pdfdetach', 'poppler-utils');
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toMatch(new RegExp(`1 embedded files?\\n1: ${SLUG}\\.md`));
    const saved = path.join(scratch, 'attached.md');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, pdf]);
    expect(fs.readFileSync(saved)).toEqual(fs.readFileSync(path.join(bag, 'data', 'source', `${SLUG}.md`)));
    const xmp = pdfinfoMetadata(pdf);
    expect(xmp).toMatch(/pdfaid:part>3</);
    expect(xmp).toMatch(/pdfaid:conformance>B</);
  });

  it('the source manuscript and its picture are copied byte for byte at the same relative paths', () => {
    expect(fs.readFileSync(path.join(bag, 'data', 'source', `${SLUG}.md`))).toEqual(fs.readFileSync(SAMPLE));
    expect(fs.readFileSync(path.join(bag, 'data', 'source', 'images', 'lead.png'))).toEqual(fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png')));
  });

  it('metadata.json holds every front-matter field, the identifier, the tool version and each file\'s format and checksum', () => {
    const metadata = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'metadata.json'), 'utf8'));
    expect(Object.keys(metadata.frontMatter)).toEqual([
      'title',
      'dek',
      'reporter',
      'published',
      'updated',
      'timezone',
      'publisher',
      'lang',
      'slug',
      'image',
      'cover',
      'tags',
      'rights',
      'identifier',
      'template',
    ]);
    expect(metadata.frontMatter).toMatchObject({
      reporter: ['Zaini Majeed'],
      published: '2023-04-21T22:51:00+05:30',
      timezone: 'Asia/Kolkata',
      slug: SLUG,
      image: { src: 'images/lead.png', credit: 'AP' },
      tags: ['Ukraine', 'NATO', 'Russia-Ukraine war', 'Vilnius summit'],
      publisher: null,
    });
    expect(metadata.identifier).toBe(metadata.frontMatter.identifier);
    expect(metadata.build).toEqual({ tool: 'Pressroom', version: VERSION, template: 'archival', date: '2023-04-21T17:21:00Z' });
    const described = (metadata.files as { path: string; mediaType: string; size: number; sha256: string }[]).map((file) => {
      const data = fs.readFileSync(path.join(bag, file.path));
      expect(file.sha256, file.path).toBe(sha256(data));
      expect(file.size, file.path).toBe(data.length);
      return [file.path, file.mediaType];
    });
    expect(Object.fromEntries(described)).toEqual({
      [`data/${SLUG}.epub`]: 'application/epub+zip',
      [`data/${SLUG}.pdf`]: 'application/pdf',
      'data/source/images/lead.png': 'image/png',
      [`data/source/${SLUG}.md`]: 'text/markdown',
    });
  });

  it('dc.xml is well-formed, namespaced Dublin Core with the same facts', () => {
    const errors: string[] = [];
    const xml = fs.readFileSync(path.join(bag, 'data', 'dc.xml'), 'utf8');
    const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    const DC = 'http://purl.org/dc/elements/1.1/';
    const DCTERMS = 'http://purl.org/dc/terms/';
    const root = document.documentElement!;
    expect(root.namespaceURI).toBe('urn:pressroom:archive:1');
    const text = (ns: string, name: string) => Array.from(document.getElementsByTagNameNS(ns, name)).map((element) => element.textContent);
    expect(text(DC, 'title')).toEqual(['Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief']);
    expect(text(DC, 'creator')).toEqual(['Zaini Majeed']);
    expect(text(DC, 'identifier')[0]).toMatch(/^urn:uuid:/);
    expect(text(DC, 'language')).toEqual(['en']);
    expect(text(DC, 'subject')).toHaveLength(4);
    expect(text(DCTERMS, 'issued')).toEqual(['2023-04-21T22:51:00+05:30']);
    expect(text(DC, 'format').sort()).toEqual(['application/epub+zip', 'application/pdf', 'image/png', 'text/markdown']);
    const build = document.getElementsByTagNameNS('urn:pressroom:archive:1', 'build')[0]!;
    expect(build.getAttribute('version')).toBe(VERSION);
    const checksums = Array.from(document.getElementsByTagNameNS('urn:pressroom:archive:1', 'checksum')).filter((element) => element.getAttribute('algorithm') === 'sha256');
    expect(checksums.map((element) => element.textContent)).toEqual(
      Array.from(document.getElementsByTagNameNS('urn:pressroom:archive:1', 'file')).map((file) => sha256(fs.readFileSync(path.join(bag, file.getAttribute('path')!)))),
    );
  });

  it('the zip holds the same files under the bag\'s top folder, with fixed dates and permissions', async () => {
    const { entries } = await openZip(path.join(out, `${BAG}.zip`));
    const files = entries.filter((entry) => !entry.dir);
    expect(files.map((entry) => entry.name)).toEqual(listFiles(bag).map((file) => `${BAG}/${file}`).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const entry of files) {
      expect(await entry.bytes(), entry.name).toEqual(fs.readFileSync(path.join(out, entry.name)));
      expect(entry.mode).toBe(0o100644);
    }
    expect(entries.filter((entry) => entry.dir).map((entry) => entry.mode)).toEqual(Array(4).fill(0o40755));
    expect(entries.filter((entry) => entry.dir).map((entry) => entry.name)).toEqual([`${BAG}/`, `${BAG}/data/`, `${BAG}/data/source/`, `${BAG}/data/source/images/`]);
    for (const entry of entries) expect(entry.date.toISOString(), entry.name).toBe(BUILD_DATE);
  });

  it('the tar holds the same files (read back with tar itself)', () => {
    requireTool('tar', 'tar');
    const listed = execFileSync('tar', ['-tf', path.join(out, `${BAG}.tar`)], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.filter((name) => !name.endsWith('/'))).toEqual(listFiles(bag).map((file) => `${BAG}/${file}`).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    const unpacked = path.join(scratch, 'untar');
    fs.mkdirSync(unpacked);
    execFileSync('tar', ['-xf', path.join(out, `${BAG}.tar`), '-C', unpacked]);
    for (const file of listFiles(bag)) expect(fs.readFileSync(path.join(unpacked, BAG, file)), file).toEqual(fs.readFileSync(path.join(bag, file)));
  });

  it('two builds give identical bags, whatever the time zone and the wall clock', () => {
    const builds = [
      { TZ: 'UTC', CLOCK_SHIFT_DAYS: '0', LANG: 'C.UTF-8' },
      { TZ: 'Pacific/Kiritimati', CLOCK_SHIFT_DAYS: '3650', LANG: 'de_DE.UTF-8' },
    ].map((env, index) => {
      const dir = path.join(scratch, `repro-${index}`);
      const run = runCli(['package', SAMPLE, '--out', dir, '--folder', '--zip', '--tar'], {
        env: { ...env, NODE_OPTIONS: shiftClock },
      });
      expect(run.status, run.stderr).toBe(0);
      return dir;
    });
    const [first, second] = builds as [string, string];
    expect(listFiles(second)).toEqual(listFiles(first));
    for (const file of listFiles(first)) expect(sha256(fs.readFileSync(path.join(second, file))), file).toBe(sha256(fs.readFileSync(path.join(first, file))));
    // And the same as the build made before the clock moved.
    for (const file of listFiles(out)) expect(sha256(fs.readFileSync(path.join(first, file))), file).toBe(sha256(fs.readFileSync(path.join(out, file))));
    // The folder's own times are the build date too, so a later `tar` or `zip -X` of it is reproducible.
    for (const file of listFiles(path.join(first, BAG))) expect(fs.statSync(path.join(first, BAG, file)).mtime.toISOString(), file).toBe(BUILD_DATE);
    expect(fs.statSync(path.join(first, BAG, 'data')).mtime.toISOString()).toBe(BUILD_DATE);
  });

  it('SOURCE_DATE_EPOCH, when set, dates the bag', () => {
    const dir = path.join(scratch, 'epoch');
    const run = runCli(['package', SAMPLE, '--out', dir, '--zip'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(run.status, run.stderr).toBe(0);
    const bytes = fs.readFileSync(path.join(dir, `${BAG}.zip`));
    expect(bytes).not.toEqual(fs.readFileSync(path.join(out, `${BAG}.zip`)));
    return openZip(bytes).then(async (zip) => {
      expect(await zip.text(`${BAG}/bag-info.txt`)).toContain('Bagging-Date: 2023-11-14\n');
      expect(zip.entry(`${BAG}/bagit.txt`).date.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    });
  });

  it('a manuscript with a publisher, body pictures and a % in its file name', () => {
    const dir = makeTemp('pressroom-archive-ks-');
    try {
      copyFixture('kitchen-sink', dir);
      fs.renameSync(path.join(dir, 'kitchen-sink', 'input.md'), path.join(dir, 'kitchen-sink', 'story 100%.md'));
      const run = runCli(['package', 'kitchen-sink', '--out', 'out'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const kitchen = path.join(dir, 'out', 'kitchen-sink-bag');
      expect(fs.readFileSync(path.join(kitchen, 'bag-info.txt'), 'utf8')).toMatch(/^Source-Organization: Pressroom Test Desk\nExternal-Identifier: urn:uuid:/);
      expect(listFiles(path.join(kitchen, 'data', 'source'))).toEqual(['images/bands.gif', 'images/bands.jpg', 'images/bands.webp', 'images/lead.png', 'images/star.svg', 'story 100%.md']);
      expect(fs.readFileSync(path.join(kitchen, 'manifest-sha256.txt'), 'utf8')).toContain('  data/source/story 100%25.md\n');
      const metadata = JSON.parse(fs.readFileSync(path.join(kitchen, 'data', 'metadata.json'), 'utf8'));
      expect(metadata.frontMatter.publisher).toBe('Pressroom Test Desk');
      expect(metadata.frontMatter.rights).toBe('© 2024 Pressroom Test Desk. All rights reserved.');
      expect(metadata.files.map((file: { mediaType: string }) => file.mediaType)).toEqual(
        expect.arrayContaining(['image/gif', 'image/jpeg', 'image/webp', 'image/png', 'image/svg+xml']),
      );
      const verified = runCli(['verify', 'out/kitchen-sink-bag'], { cwd: dir });
      expect(verified.stderr).toBe('');
      expect(verified.status).toBe(0);
    } finally {
      removeTemp(dir);
    }
  });
});

describe('pressroom verify finds what was done to a bag', () => {
  it.each(PAYLOAD)('one byte changed in %s', (file) => {
    const copy = copyOfBag(`byte-${file.replace(/\W/g, '_')}`);
    const target = path.join(copy, file);
    const bytes = fs.readFileSync(target);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(target, bytes);
    const run = verify(copy);
    expect(run.status).toBe(1);
    expect(problemLines(run.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^${BAG}/${file.replace(/\./g, '\\.')}: content does not match its checksum in manifest-sha256\\.txt and manifest-sha512\\.txt \\(sha256 listed [0-9a-f]{16}…, file has [0-9a-f]{16}…\\)$`)),
    ]);
  });

  it('a payload file deleted', () => {
    const copy = copyOfBag('deleted');
    const size = fs.statSync(path.join(copy, 'data/source/images/lead.png')).size;
    fs.rmSync(path.join(copy, 'data/source/images/lead.png'));
    const run = verify(copy);
    expect(run.status).toBe(1);
    const oxum = /Payload-Oxum: (\d+)\.6/.exec(fs.readFileSync(path.join(copy, 'bag-info.txt'), 'utf8'))!;
    expect(problemLines(run.stderr)).toEqual([
      `${BAG}/bag-info.txt: Payload-Oxum is ${oxum[1]}.6, but the payload holds ${Number(oxum[1]) - size}.5 (${Number(oxum[1]) - size} octets in 5 files)`,
      `${BAG}/data/source/images/lead.png: missing, but listed in manifest-sha256.txt and manifest-sha512.txt`,
    ]);
  });

  it('a payload file added', () => {
    const copy = copyOfBag('added');
    fs.writeFileSync(path.join(copy, 'data', 'notes.txt'), 'smuggled in\n');
    const run = verify(copy);
    expect(run.status).toBe(1);
    const lines = problemLines(run.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${BAG}/bag-info\\.txt: Payload-Oxum is \\d+\\.6, but the payload holds \\d+\\.7 `));
    expect(lines[1]).toBe(`${BAG}/data/notes.txt: not listed in manifest-sha256.txt and manifest-sha512.txt: a file in the payload that no manifest knows`);
  });

  it('bag-info.txt edited', () => {
    const copy = copyOfBag('bag-info');
    const info = path.join(copy, 'bag-info.txt');
    fs.writeFileSync(info, fs.readFileSync(info, 'utf8').replace('Bagging-Date: 2023-04-21', 'Bagging-Date: 2024-01-01'));
    const run = verify(copy);
    expect(run.status).toBe(1);
    expect(problemLines(run.stderr)).toEqual([
      expect.stringMatching(/^zelenskyy-nato-guarantees-bag\/bag-info\.txt: content does not match its checksum in tagmanifest-sha256\.txt and tagmanifest-sha512\.txt /),
    ]);
  });

  it('Payload-Oxum edited', () => {
    const copy = copyOfBag('oxum');
    const info = path.join(copy, 'bag-info.txt');
    fs.writeFileSync(info, fs.readFileSync(info, 'utf8').replace(/Payload-Oxum: (\d+)\.6/, 'Payload-Oxum: $1.7'));
    const lines = problemLines(verify(copy).stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/bag-info\.txt: Payload-Oxum is \d+\.7, but the payload holds \d+\.6 /);
    expect(lines[1]).toMatch(/bag-info\.txt: content does not match its checksum in tagmanifest-sha256\.txt/);
  });

  it('a manifest edited, or bagit.txt gone', () => {
    const copy = copyOfBag('manifest');
    const manifest = path.join(copy, 'manifest-sha256.txt');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(/^[0-9a-f]/, (digit) => (digit === '0' ? '1' : '0')));
    fs.rmSync(path.join(copy, 'bagit.txt'));
    const run = verify(copy);
    expect(run.status).toBe(1);
    expect(problemLines(run.stderr)).toEqual([
      `${BAG}/bagit.txt: missing: every bag starts with this declaration (BagIt-Version and Tag-File-Character-Encoding)`,
      expect.stringMatching(/^zelenskyy-nato-guarantees-bag\/bagit\.txt: missing, but listed in tagmanifest-sha256\.txt and tagmanifest-sha512\.txt$/),
      expect.stringMatching(/^zelenskyy-nato-guarantees-bag\/data\/dc\.xml: content does not match its checksum in manifest-sha256\.txt \(sha256 listed/),
      expect.stringMatching(/^zelenskyy-nato-guarantees-bag\/manifest-sha256\.txt: content does not match its checksum in tagmanifest-sha256\.txt and tagmanifest-sha512\.txt/),
    ]);
  });

  it('a payload file changed inside the zip', async () => {
    // Another tool (jszip) rewrites one file of the zipped bag.
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, `${BAG}.zip`)));
    zip.file(`${BAG}/data/source/${SLUG}.md`, 'rewritten\n');
    const target = path.join(scratch, 'copies', 'changed.zip');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const run = verify(target);
    expect(run.status).toBe(1);
    const lines = problemLines(run.stderr);
    expect(lines[0]).toMatch(/^changed\.zip\/bag-info\.txt: Payload-Oxum is /);
    expect(lines[1]).toMatch(new RegExp(`^changed\\.zip/data/source/${SLUG}\\.md: content does not match its checksum in manifest-sha256\\.txt and manifest-sha512\\.txt`));
  });

  it('usage errors exit 2', () => {
    expect(runCli(['verify']).status).toBe(2);
    const missing = runCli(['verify', path.join(scratch, 'no-such-bag')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-bag: no such file or folder');
    expect(runCli(['verify', bag, '--deep']).status).toBe(2);
    expect(runCli(['package', SAMPLE, '--colour']).status).toBe(2);
    const help = runCli(['help', 'package']);
    expect(help.stdout).toContain('Usage: pressroom package [PATH...]');
  });
});

describe('package: failures', () => {
  it('a bad manuscript fails alone, leaves no half bag, and keeps its previous good bag', () => {
    const dir = makeTemp('pressroom-archive-fail-');
    try {
      const desk = path.join(dir, 'desk');
      fs.mkdirSync(desk);
      const good = '---\ntitle: Good\nreporter: A. Writer\npublished: 2023-04-21T22:51:00+05:30\n---\n\nBody.\n';
      fs.writeFileSync(path.join(desk, 'a.md'), good);
      fs.writeFileSync(path.join(desk, 'b.md'), good.replace('Good', 'Also good'));
      expect(runCli(['package', 'desk'], { cwd: dir }).status).toBe(0);
      const before = listFiles(path.join(dir, 'out')).map((file) => [file, sha256(fs.readFileSync(path.join(dir, 'out', file)))]);

      fs.writeFileSync(path.join(desk, 'a.md'), good.replace('2023-04-21T22:51:00+05:30', '2023-02-30'));
      fs.writeFileSync(path.join(desk, 'b.md'), good.replace('Good', 'Changed'));
      const run = runCli(['package', 'desk'], { cwd: dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('desk/a.md:4:12: error: "published": 2023-02-30 does not exist: that month has 28 days');
      expect(run.stderr).toContain('1 of 2 manuscripts failed: desk/a.md');
      expect(run.stdout).toContain('packaged desk/b.md → out/b-bag/');
      // a's old bag is untouched; b's bag is the new one; nothing temporary is left.
      expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['a-bag', 'b-bag']);
      const after = Object.fromEntries(listFiles(path.join(dir, 'out')).map((file) => [file, sha256(fs.readFileSync(path.join(dir, 'out', file)))]));
      for (const [file, digest] of before) if (file!.startsWith('a-bag/')) expect(after[file!], file).toBe(digest);
      expect(fs.readFileSync(path.join(dir, 'out', 'b-bag', 'bag-info.txt'), 'utf8')).toContain('External-Description: Changed\n');
      expect(runCli(['verify', 'out/a-bag', 'out/b-bag'], { cwd: dir }).status).toBe(0);
    } finally {
      removeTemp(dir);
    }
  });

  it('a template that does not make PDF/A-3b with the source attached is refused', () => {
    const dir = makeTemp('pressroom-archive-template-');
    try {
      const run = runCli(['package', SAMPLE, '--out', dir, '--template', 'article']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('error: template "article" does not make an archival PDF (it has pdf.pdfa: 2b, pdf.attach_source: false)');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      removeTemp(dir);
    }
  });

  it('two manuscripts with one slug: neither is packaged', () => {
    const dir = makeTemp('pressroom-archive-dup-');
    try {
      const text = '---\ntitle: T\nreporter: R\npublished: 2023-04-21\nslug: same\n---\n\nBody.\n';
      fs.writeFileSync(path.join(dir, 'one.md'), text);
      fs.writeFileSync(path.join(dir, 'two.md'), text);
      const run = runCli(['package', 'one.md', 'two.md'], { cwd: dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('one.md:5:7: error: slug "same" is also used by two.md');
      expect(fs.existsSync(path.join(dir, 'out', 'same-bag'))).toBe(false);
    } finally {
      removeTemp(dir);
    }
  });
});
