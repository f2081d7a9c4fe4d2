import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import type { RootContent } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../src/core/diagnostics.js';
import { renderEpub } from '../src/epub/index.js';
import { htmlIslands } from '../src/model/raw-html/islands.js';
import { hastToXhtml } from '../src/epub/serialize.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';
import { resolveDocument } from '../src/model/index.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
const KITCHEN_SINK = path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md');
const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-epub-packing-');
});
afterAll(() => removeTemp(scratch));

function writeManuscript(name: string, body: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'input.md'), `---\ntitle: Islands\nreporter: Jo Doe\npublished: 2024-05-01\n---\n\n${body}`);
  return path.join(dir, 'input.md');
}

function islandsOf(body: string): [number, number][] {
  const file = writeManuscript('islands', body);
  return htmlIslands(readManuscript(file, newManuscriptFile(file)).tree.children);
}

describe('which blocks the HTML parser sees', () => {
  it('none when the manuscript holds no raw HTML', () => {
    expect(islandsOf('One.\n\n## Two\n\n- three\n')).toEqual([]);
  });

  it('a block whose tags all close, alone', () => {
    expect(islandsOf('One.\n\nH<sub>2</sub>O and <br> a break.\n\nThree.\n\n<div align="center">\n<img src="x.png">\n</div>\n\nFive.\n')).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('the blocks up to where a tag opened earlier closes', () => {
    expect(islandsOf('<details>\n<summary>More</summary>\n\nInside.\n\n</details>\n\nAfter.\n')).toEqual([[0, 3]]);
    expect(islandsOf('A <b>bold start.\n\nStill bold?</b> End.\n\nAfter.\n')).toEqual([[0, 2]]);
  });

  it('everything after markup it cannot vouch for', () => {
    for (const body of [
      'A <b>never closed.\n\nB.\n\nC.\n',
      'A <b><i>misnested</b></i>.\n\nB.\n\nC.\n',
      '<div>\n<!-- a comment never closed\n\nB.\n\nC.\n',
      '<svg><circle r="1"/></svg>\n\nB.\n\nC.\n',
      'Inline <script>let a = 1;\n\nB.\n\nC.\n',
    ]) {
      expect(islandsOf(body), body).toEqual([[0, 3]]);
    }
  });

  it('reads quoted attribute values and stray end tags as the HTML parser does', () => {
    expect(islandsOf('<p title="a > b" data-x=\'<i>\'>x</p>\n\nB.\n')).toEqual([[0, 1]]);
    expect(islandsOf('<h1>Title</br>more</h1>\n\nA stray </p> end tag.\n\nC.\n')).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

/** The body as XHTML, with the warnings, rendered with the given way of choosing islands. */
async function bodyWith(file: string, islands?: (blocks: readonly RootContent[]) => [number, number][]): Promise<string> {
  const vfile = newManuscriptFile(file);
  const manuscript = readManuscript(file, vfile);
  const document = await resolveDocument(manuscript, islands ? { islands } : {});
  const xhtml = hastToXhtml({ type: 'root', children: [...document.body, ...document.notes.flatMap((note) => note.content)] });
  return `${xhtml}\n${vfile.messages.map((message) => formatMessage(message, 'input.md')).join('\n')}`;
}

const everything = (blocks: readonly RootContent[]): [number, number][] => (blocks.length > 0 ? [[0, blocks.length]] : []);

describe('parsing only the blocks raw HTML reaches', () => {
  it('gives the same book and the same warnings as parsing the whole manuscript', async () => {
    const mixed = writeManuscript(
      'mixed',
      [
        'Plain *text* with a [link](https://example.com) and a note.[^1]',
        '',
        'H<sub>2</sub>O, <abbr title="North Atlantic Treaty Organization">NATO</abbr>, <span onclick="x()">clicked</span>.',
        '',
        '<details>\n<summary>Open</summary>\n\nMarkdown **inside** raw HTML.\n\n</details>',
        '',
        '| a | b |\n|---|---|\n| <b>x</b> | y |',
        '',
        '<div align="center">\n<img src="https://example.com/x.png" alt="remote">\n</div>',
        '',
        'A stray </p> and a </br> break.',
        '',
        '<table><tr><td>cell</td></tr></table>',
        '',
        '> A quote with <kbd>Ctrl</kbd>.',
        '',
        'An <b>unclosed bold, so everything after it is parsed.',
        '',
        '## Heading after',
        '',
        'Last paragraph.',
        '',
        '[^1]: A note with <mark>marked</mark> text.',
        '',
      ].join('\n'),
    );
    for (const file of [KITCHEN_SINK, mixed, SAMPLE]) {
      expect(await bodyWith(file), file).toBe(await bodyWith(file, everything));
    }
  });
});

/** Every entry of a ZIP as its central directory describes it. */
function zipEntries(bytes: Buffer): { name: string; method: number; extra: number; date: number; time: number; data: Buffer }[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const entries = [];
  for (let index = 0; index < count; index++) {
    const method = bytes.readUInt16LE(offset + 10);
    const size = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extra = bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
    const local = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localExtra = bytes.readUInt16LE(local + 28);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + localExtra;
    const body = bytes.subarray(start, start + size);
    entries.push({ name, method, extra: extra + localExtra, time: bytes.readUInt16LE(offset + 12), date: bytes.readUInt16LE(offset + 14), data: method === 8 ? inflateRawSync(body) : body });
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return entries;
}

describe('the OCF container', () => {
  it('holds mimetype first and stored, then every file in name order, all with one date', async () => {
    const manuscript = readManuscript(KITCHEN_SINK, newManuscriptFile(KITCHEN_SINK));
    const bytes = Buffer.from(await renderEpub(await resolveDocument(manuscript), { template, buildDate: new Date(Date.UTC(2024, 2, 1, 16, 30, 0)), toolVersion: '0.0.0' }));
    const entries = zipEntries(bytes);
    expect(entries[0]).toMatchObject({ name: 'mimetype', method: 0 });
    const names = entries.slice(1).map((entry) => entry.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('META-INF/container.xml');
    for (const entry of entries) {
      // 2024-03-01 16:30:00 as DOS date and time, from the build date's UTC fields.
      expect([entry.date, entry.time], entry.name).toEqual([((2024 - 1980) << 9) | (3 << 5) | 1, (16 << 11) | (30 << 5)]);
      expect(entry.data.length, entry.name).toBeGreaterThan(0);
    }
    expect(entries.find((entry) => entry.name === 'OEBPS/article.xhtml')!.method).toBe(8);
  });
});

describe('what an EPUB build loads', () => {
  /** The npm packages a fresh Node process loads to render `manuscript` as EPUB (from the compiled dist/). */
  function packagesLoaded(manuscript: string): string[] {
    const hooks = path.join(scratch, 'log-hooks.mjs');
    fs.writeFileSync(
      hooks,
      `let port;\nexport async function initialize(data) { port = data.port; }\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  port.postMessage(result.url);\n  return result;\n}\n`,
    );
    const child = path.join(scratch, 'render-logged.mjs');
    const dist = (file: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', file)).href);
    fs.writeFileSync(
      child,
      `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { port: port2 }, transferList: [port2] });
const { readManuscript, newManuscriptFile } = await import(${dist('read/manuscript.js')});
const { loadTemplate, BUILTIN_TEMPLATES_DIR } = await import(${dist('template/load.js')});
const { renderEpub } = await import(${dist('epub/index.js')});
const { resolveDocument } = await import(${dist('model/index.js')});
const file = process.argv[2];
const manuscript = readManuscript(file, newManuscriptFile(file));
await renderEpub(await resolveDocument(manuscript), { template: loadTemplate(BUILTIN_TEMPLATES_DIR + '/article'), buildDate: new Date(0), toolVersion: '0' });
await new Promise((done) => setTimeout(done, 100));
port1.close();
const names = new Set([...urls].map((url) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean));
console.log(JSON.stringify([...names].sort()));
`,
    );
    const run = spawnSync(process.execPath, [child, manuscript], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as string[];
  }

  const heavy = ['parse5', 'hast-util-raw', 'hast-util-sanitize', 'hast-util-to-xast', 'xast-util-to-xml', 'mdast-util-to-hast', 'sharp'];

  it('loads no HTML parser or image library for a manuscript without raw HTML, SVG or WebP', () => {
    const loaded = packagesLoaded(SAMPLE);
    expect(loaded).toContain('epub-gen-memory');
    expect(loaded.filter((name) => heavy.includes(name))).toEqual([]);
  });

  it('loads the HTML parser and the image library when the manuscript needs them', () => {
    const loaded = packagesLoaded(KITCHEN_SINK);
    for (const name of ['parse5', 'hast-util-raw', 'hast-util-sanitize', 'sharp']) expect(loaded).toContain(name);
  });
});
