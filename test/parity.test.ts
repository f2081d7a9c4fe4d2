import fs from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/types.js';
import { BUILTIN_TEMPLATES_DIR, builtinTemplateNames, loadTemplate } from '../src/template/load.js';
import type { Template } from '../src/template/theme.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';
import { expectPagesMarked, readMarkedPages } from './helpers/page-list.js';
import { buildBoth, expectParity, parityOf, pdfPageWords, readEpub, type Comparison, type Parity } from './helpers/parity.js';
import { pdftotext } from './helpers/tools.js';

/**
 * Issue #17: the EPUB and the PDF of one document model tell the reader the same thing. For every
 * fixture and the sample, in every built-in template: the same words (less what each template or
 * medium adds by design, each difference by a rule that names it: see `allowedDifferences`), the
 * same link targets, the same note numbers leading to the same notes, and every heading reachable
 * in both.
 */

const MANUSCRIPTS = [
  ...fs.readdirSync(path.join(REPO_ROOT, 'manuscript')).filter((name) => name.endsWith('.md')).map((name) => path.join('manuscript', name)),
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'test', 'fixtures'))
    .filter((name) => fs.existsSync(path.join(REPO_ROOT, 'test', 'fixtures', name, 'input.md')))
    .map((name) => path.join('test', 'fixtures', name, 'input.md')),
];
const TEMPLATES = builtinTemplateNames();
const templates = new Map<string, Template>(TEMPLATES.map((name) => [name, loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name))]));
const template = (name: string) => templates.get(name)!;

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-parity-');
});
afterAll(() => removeTemp(scratch));

const results: string[] = [];

/** One line of the summary printed after the fixtures: what was compared. */
function summary(name: string, templateName: string, parity: Parity): string {
  const c: Comparison = parity.comparison;
  const repeated = c.repeatedHeaders.length > 0 ? `; ${c.repeatedHeaders.length} table header rows repeated` : '';
  return `${name} × ${templateName}: ${parity.epub.words.length} words, ${c.external.epub.length} web links, ${c.internal.epub.length} internal links, ${c.citations.epub.length} citations, ${parity.epub.headingIds.length} headings${repeated}`;
}

describe('every fixture in every built-in template: the EPUB and the PDF agree', () => {
  afterAll(() => {
    if (results.length > 0) console.log(`parity:\n${results.sort().join('\n')}`);
  });
  for (const manuscript of MANUSCRIPTS) {
    const name = manuscript.startsWith('manuscript') ? path.basename(manuscript, '.md') : path.basename(path.dirname(manuscript));
    for (const templateName of TEMPLATES) {
      it(`${name} × ${templateName}`, async () => {
        const chosen = template(templateName);
        const built = await buildBoth(path.join(REPO_ROOT, manuscript), chosen);
        const parity = await parityOf(built, chosen, scratch, `${name}.${templateName}`);
        expectParity(parity, `${name} × ${templateName}`);
        // Issue #20: the EPUB marks where each of the PDF's pages begins.
        expectPagesMarked(await readMarkedPages(built.epub), pdfPageWords(path.join(scratch, `${name}.${templateName}.pdf`), chosen), `${name} × ${templateName}`);
        results.push(summary(name, templateName, parity));
      }, 120_000);
    }
  }
});

/** Writes a manuscript with a plain front matter into the scratch folder. */
function manuscriptFile(name: string, body: string): string {
  const file = path.join(scratch, `${name}.md`);
  fs.writeFileSync(file, `---\ntitle: ${name}\nreporter: Test Desk\npublished: 2024-05-02\nlang: en\nslug: ${name}\n---\n\n${body}\n`);
  return file;
}

describe('the issue\'s cases, in both formats', () => {
  it('the leak manuscript prints none of the script, the style or the frame', async () => {
    const leak =
      'Before <script>alert("x")</script> after. Styles <style>p{color:red}</style> end. Frame <iframe src="https://evil.example/">inner frame text</iframe> done.';
    for (const templateName of TEMPLATES) {
      const built = await buildBoth(manuscriptFile('leak', leak), template(templateName));
      const parity = await parityOf(built, template(templateName), scratch, `leak.${templateName}`);
      expectParity(parity, `leak × ${templateName}`);
      // The whole page as pdftotext reads it, margins included; the EPUB's page, markup included.
      const text = pdftotext(path.join(scratch, `leak.${templateName}.pdf`));
      for (const leaked of ['alert', 'color:red', 'inner frame text', 'evil.example']) {
        expect(text, templateName).not.toContain(leaked);
        expect(parity.epub.page, templateName).not.toContain(leaked);
      }
      expect(text.replace(/\s+/g, ' ')).toContain('Before after. Styles end. Frame done.');
    }
  });

  it('a label defined twice links to its first definition in both formats', async () => {
    const built = await buildBoth(
      manuscriptFile('twice', 'See [the label][x] and [the label again][X].\n\n[x]: https://first.example\n[x]: https://second.example'),
      template('article'),
    );
    const parity = await parityOf(built, template('article'), scratch, 'twice');
    expectParity(parity, 'twice');
    const links = (list: { target: string; words: string[] }[]) => list.map((link) => `${link.words.join(' ')} → ${link.target}`);
    const expected = ['the label → https://first.example', 'the label again → https://first.example'];
    expect(links(parity.epub.linked)).toEqual(expected);
    expect(links(parity.pdf.linked)).toEqual(expected);
  });

  it('an empty link shows its address in both formats, with one warning at its place', async () => {
    const built = await buildBoth(manuscriptFile('empty', 'Words, then [](https://example.org/empty-text) and more.'), template('handout'));
    const parity = await parityOf(built, template('handout'), scratch, 'empty');
    expectParity(parity, 'empty');
    // A hyphen between letters joins them into one word (see wordsOf).
    const address = ['https', 'example', 'org', 'emptytext'];
    expect(parity.epub.linked).toEqual([{ target: 'https://example.org/empty-text', words: address }]);
    // The address is the link's words, so the handout does not print it a second time.
    expect(parity.pdf.linked).toEqual([{ target: 'https://example.org/empty-text', words: address }]);
    const warnings = built.model.file.messages.filter((message) => message.ruleId === 'link-empty');
    expect(warnings.map((message) => `${message.line}:${message.column}`)).toEqual(['9:13']);
  });

  it('the parity fixture is read the same in both formats: ruby, notes citing notes, raw tables', async () => {
    const built = await buildBoth(path.join(REPO_ROOT, 'test', 'fixtures', 'model-parity', 'input.md'), template('article'));
    const parity = await parityOf(built, template('article'), scratch, 'model-parity');
    const text = parity.pdf.words.join(' ');
    // A ruby annotation follows its base in brackets on paper, whether or not the author gave them.
    expect(pdftotext(path.join(scratch, 'model-parity.pdf'))).toContain('明日(ashita)');
    expect(text).toContain('漢 kan 字 ji');
    // The note cited only from a note is printed, and its citation leads to it.
    // The notes cited only from a note or from a table cell are printed, and their citations lead to them.
    expect(parity.pdf.citations.map(({ number, note }) => `${number}#${note}`).sort()).toEqual(['1#fn-1', '1#fn-1', '2#fn-2', '2#fn-2', '3#fn-3', '4#fn-4', '5#fn-5']);
    expect(text).toContain('The inner note cited only from another note');
    expect(text).toContain('The note cited from a table cell');
    for (const note of ['fn-3', 'fn-5']) expect(parity.pdf.anchors).toContain(note);
    // A link whose words run both ways, in a paragraph that runs right to left, covers its words and nothing between them.
    const bothWays = parity.pdf.linked.filter((link) => link.target === 'https://example.com/both-ways');
    expect(bothWays.map((link) => link.words.sort())).toEqual([['world', 'مرحبا']]);
  });
});

describe('the comparison itself', () => {
  it('notices a word, a link and a note the EPUB tells differently', async () => {
    const chosen = template('article');
    const built = await buildBoth(path.join(REPO_ROOT, 'test', 'fixtures', 'model-parity', 'input.md'), chosen, {
      betweenWriters: (model) => {
        const paragraph = model.body.find((node): node is Element => node.type === 'element' && node.tagName === 'p')!;
        const first = paragraph.children[0]!;
        if (first.type === 'text') first.value = first.value.replace('Before', 'Bifore');
        const link = findElement(model.body, (node) => node.tagName === 'a' && node.properties.href === 'https://first.example')!;
        link.properties.href = 'https://second.example';
        const note = model.notes.find((entry) => entry.number === 2)!;
        note.number = 7;
        const citation = findElement(model.body, (node) => node.tagName === 'a' && node.properties.href === `#${note.id}`)!;
        citation.children = [{ type: 'text', value: '7' }];
      },
    });
    const { comparison } = await parityOf(built, chosen, scratch, 'tampered');
    expect(comparison.onlyInPdf).toMatchObject({ Before: 1 });
    expect(comparison.onlyInEpub).toMatchObject({ Bifore: 1 });
    expect(comparison.external.pdf).not.toEqual(comparison.external.epub);
    expect(comparison.citations.pdf).not.toEqual(comparison.citations.epub);
  });
});

function findElement(nodes: readonly ElementContent[], test: (node: Element) => boolean): Element | undefined {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (test(node)) return node;
    const found = findElement(node.children, test);
    if (found) return found;
  }
  return undefined;
}

const readOnly = () => {
  throw new TypeError('a writer changed a Map of the model');
};

/**
 * Object.freeze all the way down, but for what `spare` holds. A Map's entries are frozen and its
 * set, delete and clear made to throw; typed arrays (picture bytes) cannot be frozen and are
 * compared instead (see `snapshot`).
 */
function deepFreeze(value: unknown, spare: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || spare.has(value) || ArrayBuffer.isView(value)) return;
  spare.add(value);
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      deepFreeze(key, spare);
      deepFreeze(entry, spare);
    }
    Object.defineProperties(value, { set: { value: readOnly }, delete: { value: readOnly }, clear: { value: readOnly } });
  }
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], spare);
  Object.freeze(value);
}

/** What the model holds, as text: for what freezing cannot guard (a Map's entries, picture bytes). */
function snapshot(model: DocumentModel): string {
  return JSON.stringify({ ...model, file: undefined, pictures: [...model.pictures] }, (_key, value: unknown) =>
    ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value,
  );
}

describe('the writers only read the model', () => {
  for (const [fixture, templateNames] of [
    ['kitchen-sink', TEMPLATES],
    ['model-parity', ['article']],
  ] as const) {
    it(`${fixture}: both formats render from a deep-frozen model, which stays as it was`, async () => {
      for (const templateName of templateNames) {
        let before = '';
        const built = await buildBoth(path.join(REPO_ROOT, 'test', 'fixtures', fixture, 'input.md'), template(templateName), {
          beforeWriters: (model) => {
            before = snapshot(model);
            // The file is where the writers' warnings go; everything else is read only.
            deepFreeze(model, new Set([model.file]));
          },
        });
        expect(snapshot(built.model), templateName).toBe(before);
        expect((await readEpub(built.epub)).words.length).toBeGreaterThan(100);
        expect(built.pdf.byteLength).toBeGreaterThan(1000);
      }
    }, 120_000);
  }
});
