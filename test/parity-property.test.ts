import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, builtinTemplateNames, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp } from './helpers/cli.js';
import { buildBoth, expectParity, parityOf } from './helpers/parity.js';

/**
 * Issue #17's parity as a property: random manuscripts from a grammar of the constructs where two
 * writers could tell a manuscript differently (raw HTML inline and block, allowed and stripped,
 * unclosed; references defined twice; notes cited twice and citing notes; nested lists; tables;
 * code) give an EPUB and a PDF with the same words, links and note numbers.
 *
 * The seed is fixed so that CI runs the same cases every time; PARITY_SEED and PARITY_RUNS run
 * others (a failure prints its seed and the manuscript).
 */
const SEED = Number(process.env.PARITY_SEED ?? 20_240_517);
const RUNS = Number(process.env.PARITY_RUNS ?? 40);

const WORDS = ['alpha', 'Beta', 'gamma', 'delta', 'Київ', 'Αθήνα', 'naïve', 'co-operate', 'O’Brien', '2024', 'e-mail', 'Vilniuje', 'straße', 'mañana', 'Ωmega', 'word', 'שלום', 'مرحبا'];
const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((list) => list.join(' '));
const punctuation = fc.constantFrom('', '', '', ',', '.', ';', ':', '!', '?', ' —');
const phrase = fc.tuple(words, punctuation).map(([text, mark]) => `${text}${mark}`);

const NOTES = ['n1', 'n2', 'n3', 'n4'];
const note = fc.constantFrom(...NOTES);
const REFERENCES = ['ref-a', 'ref-b', 'ref-c'];

/** Inline content: Markdown, and raw HTML that is kept, stripped, or left unclosed. */
const inline = fc.oneof(
  { weight: 6, arbitrary: phrase },
  fc.oneof(
    words.map((text) => `*${text}*`),
    words.map((text) => `_${text}_`),
    words.map((text) => `**${text}**`),
    words.map((text) => `~~${text}~~`),
    words.map((text) => `\`${text}\``),
    fc.constantFrom('&amp; &lt;tag&gt;', 'non&nbsp;breaking', 'line\\\nbreak'),
    words.map((text) => `![${text}](https://example.com/remote.png)`),
  ),
  fc.oneof(
    fc.tuple(words, fc.integer({ min: 1, max: 4 })).map(([text, page]) => `[${text}](https://example.com/p${page})`),
    words.map((text) => `[${text}](https://example.com/titled "A title")`),
    words.map((text) => `<sup><a href="https://sup.example/">${text}</a></sup>`),
    fc.tuple(words, fc.constantFrom(...REFERENCES), fc.boolean()).map(([text, label, upper]) => `[${text}][${upper ? label.toUpperCase() : label}]`),
    fc.constantFrom(...REFERENCES).map((label) => `[${label}]`),
    fc.constant('[](https://example.org/empty)'),
    fc.constant('<https://auto.example/path>'),
    words.map((text) => `[${text}](#nowhere)`),
    words.map((text) => `<a href="https://raw.example/">${text}</a>`),
    words.map((text) => `<a href="javascript:steal()">${text}</a>`),
  ),
  { weight: 2, arbitrary: note.map((label) => `[^${label}]`) },
  fc.oneof(
    words.map((text) => `<b>${text}</b>`),
    words.map((text) => `<i>${text}`),
    words.map((text) => `<em>${text}`),
    fc.constant('<span lang="uk">слово</span>'),
    fc.constant('H<sub>2</sub>O'),
    fc.constant('x<sup>3</sup>'),
    words.map((text) => `<q>${text}</q>`),
    fc.constant('<ruby>漢<rt>kan</rt></ruby>'),
    fc.constant('<ruby>字<rp>(</rp><rt>ji</rt><rp>)</rp></ruby>'),
    fc.constant('<kbd>Ctrl</kbd>'),
    fc.constant('<abbr title="North Atlantic Treaty Organization">NATO</abbr>'),
    words.map((text) => `<mark>${text}</mark>`),
    words.map((text) => `<small>${text}</small>`),
    fc.constant('a<br>b'),
    words.map((text) => `<del>${text}</del> <ins>${text}</ins>`),
    fc.constant('<time datetime="2024-05-02">2 May</time>'),
    fc.constant('<code>&lt;b&gt;</code>'),
  ),
  fc.constantFrom(
    '<script>secret()</script>',
    '<style>.x{color:red}</style>',
    '<iframe src="https://evil.example/">frame words</iframe>',
    '<img src="https://example.com/x.png" alt="remote picture">',
    '<!-- hidden comment -->',
  ),
);
const line = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));

interface ListShape {
  ordered: boolean;
  items: { text: string; children: ListShape | undefined }[];
}
const list: fc.Arbitrary<ListShape> = fc.letrec<{ list: ListShape }>((tie) => ({
  list: fc.record({
    ordered: fc.boolean(),
    items: fc.array(fc.record({ text: line, children: fc.option(tie('list'), { nil: undefined, depthSize: 'small', maxDepth: 2, depthIdentifier: 'list' }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
})).list;

function writeList(shape: ListShape, indent = ''): string {
  return shape.items
    .map((item, index) => {
      const marker = shape.ordered ? `${index + 1}.` : '-';
      const head = `${indent}${marker} ${item.text}`;
      return item.children ? `${head}\n${writeList(item.children, `${indent}${' '.repeat(marker.length + 1)}`)}` : head;
    })
    .join('\n');
}

const cell = fc.array(fc.oneof({ weight: 4, arbitrary: phrase }, words.map((text) => `**${text}**`), note.map((label) => `[^${label}]`), fc.constant('<br>')), {
  minLength: 1,
  maxLength: 3,
}).map((parts) => parts.join(' '));
const table = fc.integer({ min: 2, max: 3 }).chain((columns) =>
  fc.tuple(fc.array(words, { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 3 })).map(
    ([head, rows]) => [`| ${head.join(' | ')} |`, `| :-- |${' --: |'.repeat(columns - 1)}`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'),
  ),
);

/** Block HTML: kept (details, dl, a raw table with spans, div), stripped (script, form), unclosed. */
const htmlBlock = fc.oneof(
  fc.tuple(words, line).map(([summary, text]) => `<details>\n<summary>${summary}</summary>\n\n${text}\n\n</details>`),
  fc.tuple(words, words).map(([term, definition]) => `<dl>\n<dt>${term}</dt>\n<dd>${definition}</dd>\n</dl>`),
  fc.tuple(words, words, words, words).map(
    ([a, b, c, d]) =>
      `<table>\n<thead><tr><th colspan="2">${a}</th></tr></thead>\n<tbody>\n<tr><td rowspan="2">${b}</td><td>${c}</td></tr>\n<tr><td>${d}</td></tr>\n</tbody>\n</table>`,
  ),
  line.map((text) => `<div>\n\n${text}\n\n</div>`),
  line.map((text) => `<div>\n\n${text}`),
  words.map((text) => `<p>${text}</p>`),
  words.map((text) => `<ol start="3">\n<li>${text}</li>\n<li>${text}</li>\n</ol>`),
  fc.constant('<script>\nvar leaked = "script words";\n</script>'),
  words.map((text) => `<h3>${text}</h3>`),
  line.map((text) => `<blockquote>\n\n${text}\n\n</blockquote>`),
  line.map((text) => `<div lang="uk">\n\n${text}\n\n</div>`),
  fc.constant('<hr>'),
  fc.constant('<form><input name="q"><button>Send words</button></form>'),
);

const block = fc.oneof(
  { weight: 5, arbitrary: line },
  words.map((text) => `## ${text}`),
  words.map((text) => `### ${text}`),
  line.map((text) => `> ${text}`),
  fc.tuple(line, line).map(([first, second]) => `> ${first}\n>\n> - ${second}`),
  fc.tuple(line, line).map(([done, open]) => `- [x] ${done}\n- [ ] ${open}`),
  { weight: 2, arbitrary: list.map((shape) => writeList(shape)) },
  { weight: 2, arbitrary: table },
  fc.array(words, { minLength: 1, maxLength: 3 }).map((rows) => `\`\`\`\n${rows.join('\n')}\n\`\`\``),
  { weight: 2, arbitrary: htmlBlock },
  fc.constant('***'),
);

/** Note definitions (some missing, some citing others) and link definitions (some defined twice). */
const definitions = fc.tuple(
  fc.array(fc.tuple(note, line, fc.option(note, { nil: undefined })), { minLength: 1, maxLength: 4 }),
  fc.subarray(REFERENCES),
  fc.subarray(REFERENCES),
).map(([notes, defined, twice]) => [
  ...notes.map(([label, text, cites]) => `[^${label}]: ${text}${cites ? ` See also[^${cites}].` : ''}`),
  ...defined.map((label) => `[${label}]: https://ref.example/${label}-first`),
  ...twice.map((label) => `[${label.toUpperCase()}]: https://ref.example/${label}-second`),
]);

const manuscript = fc.tuple(fc.array(block, { minLength: 1, maxLength: 6 }), definitions).map(([blocks, defined]) => [...blocks, ...defined].join('\n\n'));

describe('random manuscripts (property test): the EPUB and the PDF agree', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-parity-property-');
  });
  afterAll(() => removeTemp(dir));
  const templates = new Map(builtinTemplateNames().map((name) => [name, loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name))]));

  it(`in every built-in template (${RUNS} manuscripts, seed ${SEED})`, async () => {
    let run = 0;
    const reached = { links: 0, citations: 0 };
    await fc.assert(
      fc.asyncProperty(manuscript, fc.constantFrom(...templates.keys()), async (body, name) => {
        const template = templates.get(name)!;
        const file = path.join(dir, `case-${run++}.md`);
        fs.writeFileSync(file, `---\ntitle: A random manuscript\nreporter: Test Desk\npublished: 2024-05-02\nlang: en\nslug: random\n---\n\n${body}\n`);
        const built = await buildBoth(file, template);
        const parity = await parityOf(built, template, dir, 'random');
        expectParity(parity, `${name}, seed ${SEED}`);
        if (parity.epub.external.length > 0) reached.links++;
        if (parity.epub.citations.length > 0) reached.citations++;
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: true },
    );
    // The grammar must reach links and notes often, or the property says little about them.
    console.log(`parity property: ${RUNS} manuscripts, ${reached.links} with links, ${reached.citations} with note citations`);
    expect(reached.links).toBeGreaterThan(RUNS / 4);
    expect(reached.citations).toBeGreaterThan(RUNS / 4);
  }, 600_000);
});
