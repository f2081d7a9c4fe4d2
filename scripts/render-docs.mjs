#!/usr/bin/env node
// Renders the pictures in docs/: page 1 of the sample with each built-in template, the
// kitchen-sink fixture's table page, and every page of the long-feature fixture in each template
// (pages-after.png; pages-before.png is the same sheet made once with the page builder before it
// floated and balanced, and is kept). Needs poppler-utils (pdftoppm). Usage: npm run docs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pressroom-docs-'));
const pressroom = (...args) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'pressroom.js'), ...args], { cwd: ROOT, stdio: 'inherit' });
const pageToPng = (pdf, page, name) => {
  const prefix = path.join(work, name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', String(page), '-l', String(page), pdf, prefix]);
  fs.copyFileSync(`${prefix}.png`, path.join(ROOT, 'docs', `${name}.png`));
};

/** Every page of each PDF side by side, one PDF a row, on grey: how the pages fill at a glance. */
async function pagesSheet(pdfs, file, dpi = 24) {
  const rows = pdfs.map((pdf, row) => {
    const prefix = path.join(work, `sheet-${row}`);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), pdf, prefix]);
    return fs
      .readdirSync(work)
      .filter((name) => name.startsWith(`sheet-${row}-`))
      .sort((a, b) => Number(a.replace(/\D+/g, '')) - Number(b.replace(/\D+/g, '')))
      .map((name) => path.join(work, name));
  });
  const sizes = await Promise.all(rows.flat().map((page) => sharp(page).metadata()));
  const width = Math.max(...sizes.map((size) => size.width));
  const height = Math.max(...sizes.map((size) => size.height));
  const gap = 6;
  const columns = Math.max(...rows.map((pages) => pages.length));
  const composite = rows.flatMap((pages, row) => pages.map((page, column) => ({ input: page, left: gap + column * (width + gap), top: gap + row * (height + gap) })));
  await sharp({ create: { width: gap + columns * (width + gap), height: gap + rows.length * (height + gap), channels: 3, background: '#8a8a8a' } })
    .composite(composite)
    .png({ compressionLevel: 9, palette: true })
    .toFile(file);
}

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
const feature = ['article', 'handout', 'archival'].map((template) => {
  const out = path.join(work, `feature-${template}`);
  pressroom('build', 'test/fixtures/long-feature/input.md', '--out', out, '--template', template, '--format', 'pdf', '--force', '--quiet');
  return path.join(out, 'long-feature.pdf');
});
await pagesSheet(feature, path.join(ROOT, 'docs', 'pages-after.png'));
fs.rmSync(work, { recursive: true, force: true });
console.log('wrote docs/*.png');
