import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../src/core/diagnostics.js';
import { BUILTIN_TEMPLATES_DIR, builtinTemplateNames, loadTemplate, TemplateError } from '../src/template/load.js';
import { makeTemp, removeTemp } from './helpers/cli.js';

describe('built-in templates', () => {
  it('are article, archival and handout', () => {
    expect(builtinTemplateNames()).toEqual(['archival', 'article', 'handout']);
  });

  it('article is A4, one column, with every font found', () => {
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article'));
    expect(template.print.page.width).toBeCloseTo(595.28);
    expect(template.print.page.height).toBeCloseTo(841.89);
    expect(template.print.page.columns).toBe(1);
    expect(template.print.page.margin.left).toBeCloseTo((18 * 72) / 25.4);
    for (const file of template.files) expect(fs.existsSync(file), file).toBe(true);
    expect(template.ebookCss).toContain('title-block');
  });

  it('handout extends article: Letter, two columns, URLs printed, the rest inherited', () => {
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout'));
    expect(template.print.page).toMatchObject({ width: 612, height: 792, columns: 2 });
    expect(template.print.links.printUrls).toBe(true);
    expect(template.print.base.fontSize).toBe(12);
    expect(template.print.fonts.body.regular).toMatch(/NotoSerif_400Regular\.ttf$/);
    expect(template.print.footer.right).toBe('{page}/{pages}');
    expect(template.ebookCss.indexOf('title-block')).toBeLessThan(template.ebookCss.indexOf('"handout"'));
  });

  it('archival is PDF/A-3b with the source attached', () => {
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'archival'));
    expect(template.print.pdf).toEqual({ pdfa: '3b', tagged: true, attachSource: true });
    expect(template.print.titleBlock.showIdentifier).toBe(true);
  });
});

describe('user templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  function write(name: string, yaml: string, css?: string): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'print.yaml'), yaml);
    if (css !== undefined) fs.writeFileSync(path.join(folder, 'ebook.css'), css);
    return folder;
  }

  function errorsOf(folder: string): string[] {
    try {
      loadTemplate(folder);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return error.files.flatMap((file) => file.messages.map((message) => formatMessage(message, path.relative(dir, String(message.file)))));
    }
    throw new Error('expected the template to be refused');
  }

  it('extends a built-in by name and overrides only what it sets', () => {
    const folder = write('house', 'extends: handout\nbase:\n  color: "#203040"\n', 'p { color: #203040; }');
    const template = loadTemplate(folder);
    expect(template.print.base).toMatchObject({ color: '#203040', fontSize: 12 });
    expect(template.print.page.columns).toBe(2);
    expect(template.ebookCss.endsWith('p { color: #203040; }')).toBe(true);
  });

  it('extends another template by relative path, and margins can be one length', () => {
    write('base', 'page:\n  margin: 1in\n');
    const folder = write('child', 'extends: ../base\npage:\n  columns: 2\n');
    const template = loadTemplate(folder);
    expect(template.print.page.margin).toEqual({ top: 72, right: 72, bottom: 72, left: 72 });
    expect(template.print.page.columns).toBe(2);
    expect(template.print.page.width).toBeCloseTo(595.28);
  });

  it('a custom page size in width and height', () => {
    const template = loadTemplate(write('tabloid', 'page:\n  width: 280mm\n  height: 430mm\n'));
    expect(template.print.page.width).toBeCloseTo((280 * 72) / 25.4);
  });

  it.each([
    ['an unknown key, with a suggestion', 'page:\n  colums: 2\n', 'house/print.yaml:2:3: error: unknown key "page.colums"; did you mean "page.columns"?'],
    ['an unknown section', 'pager:\n  size: A4\n', 'house/print.yaml:1:1: error: unknown key "pager"; did you mean "page"?'],
    ['a wrong unit', 'base:\n  font_size: 12pz\n', 'house/print.yaml:2:14: error: "base.font_size": "12pz" is not a length; write a number with a unit: pt, mm, cm, in or px (e.g. 12pt, 18mm)'],
    ['a bad color', 'base:\n  color: reddish\n', 'house/print.yaml:2:10: error: "base.color": "reddish" is not a color; write it as #rgb or #rrggbb in quotes, e.g. "#1a1a1a"'],
    ['an unknown page size', 'page:\n  size: A44\n', 'house/print.yaml:2:9: error: "page.size": "A44" is not a page size; use A4, A5, Letter, Legal (did you mean A4?), or set page.width and page.height'],
    ['three columns', 'page:\n  columns: 3\n', 'house/print.yaml:2:12: error: "page.columns": 3 is not allowed; use one of: 1, 2'],
    ['a missing font file', 'fonts:\n  body:\n    regular: fonts/missing.ttf\n', expect.stringMatching(/^house\/print\.yaml:3:14: error: "fonts\.body\.regular": font file "fonts\/missing\.ttf" not found/)],
    ['a WOFF2 font', 'fonts:\n  body:\n    regular: fonts/body.woff2\n', expect.stringMatching(/^house\/print\.yaml:3:14: error: "fonts\.body\.regular": "fonts\/body\.woff2" is not a TrueType or OpenType file/)],
    ['an unknown placeholder', 'footer:\n  center: "Page {pgae} of {pages}"\n', expect.stringMatching(/^house\/print\.yaml:2:11: error: "footer\.center": unknown placeholder \{pgae\}; did you mean \{page\}\?/)],
    ['a boolean that is not one', 'paragraph:\n  justify: yes\n', 'house/print.yaml:2:12: error: "paragraph.justify": "yes" must be true or false'],
    ['an unknown parent', 'extends: broadsheet\n', expect.stringMatching(/^house\/print\.yaml:1:10: error: extends: "broadsheet" is not a template; name a built-in one \(archival, article, handout\)/)],
    ['a YAML syntax error', 'page:\n  size: "A4\n', expect.stringMatching(/^house\/print\.yaml:\d+:\d+: error: YAML syntax error/)],
  ])('refuses %s, pointing at the line', (_case, yaml, expected) => {
    expect(errorsOf(write('house', yaml))).toEqual([expected]);
  });

  it('refuses a circle of extends', () => {
    write('a', 'extends: ../b\n');
    write('b', 'extends: ../a\n');
    expect(errorsOf(path.join(dir, 'a'))).toEqual([expect.stringMatching(/error: templates extend each other in a circle/)]);
  });
});
