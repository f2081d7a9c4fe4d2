// Builds the benchmark's inputs from real Markdown: the README and CHANGELOG files of the npm
// packages installed in node_modules, sorted by path so that every run makes the same corpus.
import fs from 'node:fs';
import path from 'node:path';

const NODE_MODULES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules');

export function realMarkdownFiles() {
  const found = [];
  const visit = (dir, depth) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 4 && entry.name !== 'test' && entry.name !== '.bin') visit(full, depth + 1);
      else if (entry.isFile() && /^(readme|changelog|history)\.md$/i.test(entry.name)) found.push(full);
    }
  };
  visit(NODE_MODULES, 0);
  return found.filter((file) => fs.statSync(file).size > 400);
}

/** Pictures in package READMEs point into repositories we do not have: make them remote (a warning, alt text kept). */
function portable(markdown) {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n/, '***\n')
    .replace(/(!\[[^\]]*\]\()(?!https?:)([^)\s]+)/g, '$1https://example.invalid/$2')
    .replace(/(<img[^>]*src=["'])(?!https?:)/gi, '$1https://example.invalid/');
}

function frontMatter(title, slug) {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    'reporter: Benchmark Desk',
    'published: 2024-01-15T09:00:00Z',
    `slug: ${slug}`,
    '---',
    '',
  ].join('\n');
}

export function wordCount(text) {
  return (text.match(/\S+/g) ?? []).length;
}

/** `count` README-sized articles, one per package README, in `dir`. */
export function writeArticles(dir, count) {
  fs.mkdirSync(dir, { recursive: true });
  const sources = realMarkdownFiles().filter((file) => /readme\.md$/i.test(file));
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length];
    const name = path.relative(NODE_MODULES, path.dirname(source));
    const slug = `article-${String(index + 1).padStart(3, '0')}`;
    fs.writeFileSync(path.join(dir, `${slug}.md`), frontMatter(`README of ${name}`, slug) + portable(fs.readFileSync(source, 'utf8')));
  }
  return sources.length;
}

/** One manuscript of at least `words` words, made of whole README and CHANGELOG files. */
export function writeLongManuscript(file, words) {
  const sources = realMarkdownFiles().map((source) => ({ source, text: portable(fs.readFileSync(source, 'utf8')) }));
  return gather(file, words, sources, 10, frontMatter('Three hundred thousand words of READMEs', 'long')).words;
}

/** How many tags of raw HTML a Markdown text holds. */
function rawHtmlTags(text) {
  return (text.match(/<\/?[a-z][a-z0-9]*\b[^>]*>/gi) ?? []).length;
}

/**
 * One manuscript of at least `words` words made of the installed READMEs that are richest in raw
 * HTML (badge tables, `<a name>` anchors, `target=` links, `<details>`, centred `<p align>` blocks),
 * whole and as written (their relative links stay relative, their raw HTML stays raw) but for their
 * pictures, which point into repositories we do not have and are made remote.
 */
export function writeRawHtmlManuscript(file, words) {
  const sources = realMarkdownFiles()
    .filter((source) => /readme\.md$/i.test(source))
    .map((source) => ({ source, text: portable(fs.readFileSync(source, 'utf8')) }))
    .filter(({ text }) => rawHtmlTags(text) >= 3);
  const gathered = gather(file, words, sources, 20, frontMatter('Three hundred thousand words of READMEs with raw HTML', 'raw-html'));
  return { words: gathered.words, tags: rawHtmlTags(gathered.text) };
}

/**
 * Writes whole documents, each under a heading of its own, until about `words` words: every construct
 * stays intact; the installed packages hold fewer words than asked for, so the corpus goes round again
 * (up to `rounds` times).
 */
function gather(file, words, sources, rounds, head) {
  const parts = [];
  let total = 0;
  for (let round = 1; round <= rounds && total < words * 0.98; round++) {
    for (const { source, text } of sources) {
      const part = `\n\n# ${path.relative(NODE_MODULES, source)} (${round})\n\n${text.replace(/^#/gm, '##')}`;
      const count = wordCount(part);
      if (total + count > words * 1.02) continue;
      parts.push(part);
      total += count;
      if (total >= words * 0.98) break;
    }
  }
  const text = parts.join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, head + text);
  return { words: total, text };
}
