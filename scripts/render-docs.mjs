#!/usr/bin/env node
// Renders the pictures in docs/: page 1 of the sample with each built-in template, and the
// kitchen-sink fixture's table page. Needs poppler-utils (pdftoppm). Usage: npm run docs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pressroom-docs-'));
const pressroom = (...args) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'pressroom.js'), ...args], { cwd: ROOT, stdio: 'inherit' });
const pageToPng = (pdf, page, name) => {
  const prefix = path.join(work, name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', String(page), '-l', String(page), pdf, prefix]);
  fs.copyFileSync(`${prefix}.png`, path.join(ROOT, 'docs', `${name}.png`));
};

fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
for (const template of ['article', 'handout', 'archival']) {
  const out = path.join(work, template);
  pressroom('build', 'manuscript', '--out', out, '--template', template, '--format', 'pdf', '--force', '--quiet');
  pageToPng(path.join(out, 'zelenskyy-nato-guarantees.pdf'), 1, `template-${template}`);
}
fs.copyFileSync(path.join(ROOT, 'docs', 'template-article.png'), path.join(ROOT, 'docs', 'pdf-page-1.png'));
const sink = path.join(work, 'sink');
pressroom('build', 'test/fixtures/kitchen-sink/input.md', '--out', sink, '--format', 'pdf', '--force', '--quiet');
pageToPng(path.join(sink, 'kitchen-sink.pdf'), 2, 'pdf-table-page');
fs.rmSync(work, { recursive: true, force: true });
console.log('wrote docs/*.png');
