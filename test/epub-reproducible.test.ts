import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { renderEpub } from '../src/epub/index.js';
import { resolveDocument } from '../src/model/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { copyFixture, makeTemp, REPO_ROOT, removeTemp, runCli } from './helpers/cli.js';
import { openZip } from './helpers/zip.js';
import { clockShifter } from './helpers/clock.js';

const MANUSCRIPTS = [
  path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md'),
  path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md'),
];

/**
 * Node loader hooks that run the TypeScript sources directly (type-stripped by the project's own
 * TypeScript), so a child process renders exactly what the tests import.
 */
const LOADER_HOOKS = `
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js')).href)};

export async function resolve(specifier, context, next) {
  if (/^\\.{1,2}\\//.test(specifier) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\\.js$/, '.ts'), context.parentURL);
    if (fs.existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(fs.readFileSync(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
`;


/** Renders each manuscript into OUT_DIR as the build API would. */
const CHILD = `
const repo = ${JSON.stringify(REPO_ROOT)};
const source = (file) => new URL(file, 'file://' + repo + '/src/').href;
const { readManuscript, newManuscriptFile } = await import(source('read/manuscript.ts'));
const { loadTemplate, BUILTIN_TEMPLATES_DIR } = await import(source('template/load.ts'));
const { buildInstant } = await import(source('core/clock.ts'));
const { lastModified } = await import(source('core/article.ts'));
const { renderEpub } = await import(source('epub/index.ts'));
const { resolveDocument } = await import(source('model/index.ts'));
const fs = await import('node:fs');
const path = await import('node:path');
const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article'));
for (const [index, file] of JSON.parse(process.env.MANUSCRIPTS).entries()) {
  const manuscript = readManuscript(file, newManuscriptFile(file));
  const buildDate = buildInstant(lastModified(manuscript.article).instant, process.env);
  const bytes = await renderEpub(await resolveDocument(manuscript), { template, buildDate, toolVersion: '0.1.0' });
  fs.writeFileSync(path.join(process.env.OUT_DIR, index + '.epub'), bytes);
}
console.log('wall clock in child:', new Date().toISOString(), 'zone:', Intl.DateTimeFormat().resolvedOptions().timeZone);
`;

let scratch: string;
/** The --import flag that shifts a child's clock. */
let shiftClock: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-epub-repro-');
  fs.writeFileSync(path.join(scratch, 'hooks.mjs'), LOADER_HOOKS);
  fs.writeFileSync(
    path.join(scratch, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(scratch, 'hooks.mjs')).href)});\n`,
  );
  fs.writeFileSync(path.join(scratch, 'child.mjs'), CHILD);
  shiftClock = clockShifter(scratch);
});

function importFlag(file: string): string {
  return `--import=${pathToFileURL(path.join(scratch, file)).href}`;
}
afterAll(() => removeTemp(scratch));

/** Renders every manuscript in a fresh process with the given zone, locale and clock; returns each EPUB's SHA-256. */
function renderInChild(name: string, env: Record<string, string>): string[] {
  const outDir = path.join(scratch, name);
  fs.mkdirSync(outDir);
  const run = spawnSync(process.execPath, [shiftClock, importFlag('register.mjs'), path.join(scratch, 'child.mjs')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', MANUSCRIPTS: JSON.stringify(MANUSCRIPTS), OUT_DIR: outDir, ...env },
    encoding: 'utf8',
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toContain(`zone: ${env.TZ}`);
  return MANUSCRIPTS.map((_, index) => createHash('sha256').update(fs.readFileSync(path.join(outDir, `${index}.epub`))).digest('hex'));
}

describe('reproducible EPUB output', () => {
  it('is byte-identical across time zones, locales and wall clocks', () => {
    const reference = renderInChild('utc', { TZ: 'UTC', LANG: 'C.UTF-8', CLOCK_SHIFT_DAYS: '0' });
    const kiritimati = renderInChild('kiritimati', { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', CLOCK_SHIFT_DAYS: '3650' });
    const stJohns = renderInChild('st-johns', { TZ: 'America/St_Johns', LC_ALL: 'tr_TR.UTF-8', CLOCK_SHIFT_DAYS: '-2000' });
    expect(kiritimati).toEqual(reference);
    expect(stJohns).toEqual(reference);
  });

  it('is byte-identical through the command line too, across time zones and wall clocks', () => {
    const digests = [
      { TZ: 'UTC', CLOCK_SHIFT_DAYS: '0' },
      { TZ: 'Asia/Kathmandu', CLOCK_SHIFT_DAYS: '5000', LANG: 'de_DE.UTF-8' },
    ].map((env, index) => {
      const cwd = path.join(scratch, `cli-${index}`);
      fs.mkdirSync(cwd);
      copyFixture('kitchen-sink', cwd);
      const run = runCli(['build', 'kitchen-sink/input.md', '--out', 'out', '--format', 'epub'], {
        cwd,
        env: { ...env, NODE_OPTIONS: shiftClock },
      });
      expect(run.status, run.stderr).toBe(0);
      return createHash('sha256').update(fs.readFileSync(path.join(cwd, 'out', 'kitchen-sink.epub'))).digest('hex');
    });
    expect(digests[1]).toBe(digests[0]);
  });

  it('dates the package and every zip entry from SOURCE_DATE_EPOCH when it is set', async () => {
    const manuscript = readManuscript(MANUSCRIPTS[0]!, newManuscriptFile(MANUSCRIPTS[0]!));
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));
    const buildDate = buildInstant(lastModified(manuscript.article).instant, { SOURCE_DATE_EPOCH: '1700000000' });
    const zip = await openZip(await renderEpub(await resolveDocument(manuscript), { template, buildDate, toolVersion: '0.1.0' }));
    expect(await zip.text('OEBPS/content.opf')).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
    for (const entry of zip.entries) expect(entry.date.toISOString(), entry.name).toBe('2023-11-14T22:13:20.000Z');
  });

  it('clamps build dates before 1980 into what a zip entry can hold, keeping the true date in the package', async () => {
    const manuscript = readManuscript(MANUSCRIPTS[0]!, newManuscriptFile(MANUSCRIPTS[0]!));
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));
    const zip = await openZip(await renderEpub(await resolveDocument(manuscript), { template, buildDate: new Date(0), toolVersion: '0.1.0' }));
    expect(await zip.text('OEBPS/content.opf')).toContain('<meta property="dcterms:modified">1970-01-01T00:00:00Z</meta>');
    expect(zip.entry('mimetype').date.toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });
});
