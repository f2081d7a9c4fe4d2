import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { renderEpub } from '../src/epub/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';
import { requireTool } from './helpers/tools.js';
import { resolveDocument } from '../src/model/index.js';

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-epub-calibre-');
});
afterAll(() => removeTemp(scratch));

/** calibre's `ebook-meta` report as field → value ("Title", "Author(s)", "Languages" …). */
function ebookMeta(file: string): Record<string, string> {
  requireTool('ebook-meta', 'calibre');
  const output = execFileSync('ebook-meta', [file], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
  return Object.fromEntries(
    output
      .split('\n')
      .map((line) => /^([^:]+?)\s*:\s(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!.trim()]),
  );
}

async function buildToFile(manuscriptPath: string): Promise<string> {
  const manuscript = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath));
  const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));
  const buildDate = buildInstant(lastModified(manuscript.article).instant, {});
  const file = path.join(scratch, `${manuscript.article.slug}.epub`);
  fs.writeFileSync(file, await renderEpub(await resolveDocument(manuscript), { template, buildDate, toolVersion: '0.1.0' }));
  return file;
}

describe('calibre reads the EPUB metadata back', () => {
  it('finds the sample article title, author and language', async () => {
    const meta = ebookMeta(await buildToFile(path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md')));
    expect(meta.Title).toBe('Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief');
    expect(meta['Author(s)']).toBe('Zaini Majeed');
    expect(meta.Languages).toBe('eng');
    expect(meta.Tags).toBe('Ukraine, NATO, Russia-Ukraine war, Vilnius summit');
  });

  it('finds every reporter of the kitchen sink, in order, with non-Latin names intact', async () => {
    const meta = ebookMeta(await buildToFile(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md')));
    expect(meta.Title).toBe('Kitchen sink: every construct Pressroom renders');
    expect(meta['Author(s)']).toBe('Ада Ковальчук & Νίκος Παπαδόπουλος & Jonas Žemaitis');
    expect(meta.Languages).toBe('eng');
    expect(meta.Publisher).toBe('Pressroom Test Desk');
  });
});
