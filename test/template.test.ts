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

  it('archival is PDF/A-3b with the source attached, and embeds its fonts in the ebook', () => {
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'archival'));
    expect(template.print.pdf).toEqual({ pdfa: '3b', tagged: true, attachSource: true });
    expect(template.print.titleBlock.showIdentifier).toBe(true);
    expect(template.ebook).toEqual({ embedFonts: true });
  });

  it('article and handout embed no fonts, and no built-in has a layout file', () => {
    for (const name of ['article', 'handout']) expect(loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name)).ebook).toEqual({ embedFonts: false });
    for (const name of builtinTemplateNames()) expect(loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name)).ebookLayouts).toEqual({});
  });
});

describe('user templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  function write(name: string, yaml: string, css?: string, ebookYaml?: string): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'print.yaml'), yaml);
    if (css !== undefined) fs.writeFileSync(path.join(folder, 'ebook.css'), css);
    if (ebookYaml !== undefined) fs.writeFileSync(path.join(folder, 'ebook.yaml'), ebookYaml);
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
    ['an unknown side of a margin, with a suggestion', 'page:\n  margin: { top: 1in, rigth: 1in, bottom: 1in, left: 1in }\n', 'house/print.yaml:2:23: error: unknown key "page.margin.rigth"; did you mean "page.margin.right"?'],
    ['a margin side that is not a length', 'page:\n  margin:\n    top: 1in\n    right: wide\n    bottom: 1in\n    left: 1in\n', 'house/print.yaml:4:12: error: "page.margin.right": "wide" is not a length; write a number with a unit: pt, mm, cm, in or px (e.g. 12pt, 18mm)'],
    ['a margin without all four sides', 'page:\n  margin: { top: 1in, left: 1in }\n', 'house/print.yaml:2:11: error: "page.margin": give all four sides; missing: right, bottom'],
    ['a leading out of range', 'base:\n  leading: 4\n', 'house/print.yaml:2:12: error: "base.leading": 4 must be a number from 1 to 3'],
    ['a section that is not a mapping', 'paragraph: 12pt\n', 'house/print.yaml:1:12: error: "paragraph": must be a mapping of keys'],
    ['a list of fonts that is not a list', 'fonts:\n  fallback: symbols.ttf\n', 'house/print.yaml:2:13: error: "fonts.fallback": must be a list of .ttf or .otf files'],
    ['a missing font in a list, at its item', 'fonts:\n  scripts:\n    - npm:@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf\n    - npm:no-such-package/Font.ttf\n', 'house/print.yaml:4:7: error: "fonts.scripts": font "npm:no-such-package/Font.ttf" was not found in node_modules; install the package that holds it'],
    ['an unknown key in a font family', 'fonts:\n  body:\n    bolditalic: x.ttf\n', 'house/print.yaml:3:5: error: unknown key "fonts.body.bolditalic"; did you mean "fonts.body.bold_italic"?'],
    ['a key far from any known one', 'credit:\n  shape: round\n', 'house/print.yaml:2:3: error: unknown key "credit.shape"; known keys here: font_size, color, prefix'],
    ['a print theme that is not a mapping', '- page\n', 'house/print.yaml:1:1: error: a print theme must be a mapping of sections (page:, fonts:, base: …)'],
    ['an ebook key left in print.yaml, saying where it goes now', 'base:\n  color: "#000000"\nebook:\n  embed_fonts: true\n', 'house/print.yaml:3:1: error: "ebook" no longer belongs in print.yaml: its keys (embed_fonts) go in ebook.yaml beside it, without the "ebook:" line and unindented'],
  ])('refuses %s, pointing at the line', (_case, yaml, expected) => {
    expect(errorsOf(write('house', yaml))).toEqual([expected]);
  });

  it('reports every problem of a file, in the order of its lines', () => {
    const errors = errorsOf(write('house', 'page:\n  colums: 2\n  size: A44\nbase:\n  color: red\n  font_size: 12pz\n'));
    expect(errors.map((error) => error.split(': error: ')[0])).toEqual(['house/print.yaml:2:3', 'house/print.yaml:3:9', 'house/print.yaml:5:10', 'house/print.yaml:6:14']);
  });

  it('a font path is relative to the template that names it, also when another template extends it', () => {
    const base = write('base', 'fonts:\n  mono:\n    regular: fonts/Mono.ttf\n');
    fs.mkdirSync(path.join(base, 'fonts'));
    fs.copyFileSync(loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article')).print.fonts.mono.regular, path.join(base, 'fonts', 'Mono.ttf'));
    const child = write('child', 'extends: ../base\nbase:\n  font_size: 11pt\n');
    const template = loadTemplate(child);
    expect(template.print.fonts.mono.regular).toBe(path.join(base, 'fonts', 'Mono.ttf'));
    // Faces the child does not name come from article, as before.
    expect(template.print.fonts.mono.bold).toMatch(/NotoSansMono_700Bold\.ttf$/);
    expect(template.files).toContain(path.join(base, 'fonts', 'Mono.ttf'));
  });

  it('an empty section or an empty running text changes nothing or empties the text', () => {
    const template = loadTemplate(write('house', 'paragraph:\nheader:\n  left:\n'));
    expect(template.print.paragraph.indent).toBe(12);
    expect(template.print.header).toMatchObject({ left: '', right: '{title}' });
  });

  it('refuses a circle of extends', () => {
    write('a', 'extends: ../b\n');
    write('b', 'extends: ../a\n');
    expect(errorsOf(path.join(dir, 'a'))).toEqual([expect.stringMatching(/error: templates extend each other in a circle/)]);
  });

  it.each([
    ['embed_fonts that is not a boolean', 'embed_fonts: yes\n', 'house/ebook.yaml:1:14: error: "embed_fonts": "yes" must be true or false'],
    ['a misspelt ebook key', 'embed_font: true\n', 'house/ebook.yaml:1:1: error: unknown key "embed_font"; did you mean "embed_fonts"?'],
    ['a print key in ebook.yaml', 'page:\n  size: A4\n', 'house/ebook.yaml:1:1: error: unknown key "page"; known keys here: embed_fonts'],
    ['a YAML syntax error in ebook.yaml', 'embed_fonts: [true\n', expect.stringMatching(/^house\/ebook\.yaml:\d+:\d+: error: YAML syntax error/)],
  ])('refuses %s, pointing at the line', (_case, yaml, expected) => {
    expect(errorsOf(write('house', 'extends: article\n', undefined, yaml))).toEqual([expected]);
  });

  it('reports the errors of print.yaml and ebook.yaml together', () => {
    const errors = errorsOf(write('house', 'page:\n  colums: 2\n', undefined, 'embed_fonts: 1\n'));
    expect(errors.map((error) => error.split(': error: ')[0])).toEqual(['house/print.yaml:2:3', 'house/ebook.yaml:1:14']);
  });

  it('reads embed_fonts from ebook.yaml along the extends chain, false unless a template in the chain sets it', () => {
    expect(loadTemplate(write('plain', 'base:\n  font_size: 11pt\n')).ebook.embedFonts).toBe(false);
    const fonts = write('fonts', '', undefined, 'embed_fonts: true\n');
    expect(loadTemplate(fonts).ebook.embedFonts).toBe(true);
    expect(loadTemplate(fonts).files).toContain(path.join(fonts, 'ebook.yaml'));
    expect(loadTemplate(write('child', 'extends: ../fonts\n')).ebook.embedFonts).toBe(true);
    expect(loadTemplate(write('off', 'extends: archival\n', undefined, 'embed_fonts: false\n')).ebook.embedFonts).toBe(false);
    // An empty ebook.yaml changes nothing.
    expect(loadTemplate(write('empty', 'extends: archival\n', undefined, '# nothing\n')).ebook.embedFonts).toBe(true);
  });
});

const TITLE_LAYOUT = `<?xml version="1.0" encoding="UTF-8"?>
<header class="title-block">
  <h1>{title}</h1>
  <p class="dek">{dek}</p>
</header>
`;

describe('ebook layout files', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  function write(name: string, yaml: string, layout?: string): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'print.yaml'), yaml);
    if (layout !== undefined) fs.writeFileSync(path.join(folder, 'ebook-title.xhtml'), layout);
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

  it('loads ebook-title.xhtml with its placeholders, and lists it among the template files', () => {
    const folder = write('house', 'extends: article\n', TITLE_LAYOUT);
    const template = loadTemplate(folder);
    const layout = template.ebookLayouts.title!;
    expect(layout.root.name).toBe('header');
    expect(layout.root.attributes).toEqual([{ name: 'class', value: ['title-block'] }]);
    const headline = layout.root.children.find((child) => child.type === 'element' && child.name === 'h1');
    expect(headline).toMatchObject({ children: [{ type: 'text', parts: [{ placeholder: 'title' }] }] });
    expect(template.files).toContain(path.join(folder, 'ebook-title.xhtml'));
  });

  it('inherits a layout along extends; the nearest template with one wins', () => {
    const base = write('base', 'extends: handout\n', TITLE_LAYOUT);
    const child = write('child', 'extends: ../base\n');
    expect(loadTemplate(child).ebookLayouts.title!.path).toBe(path.join(base, 'ebook-title.xhtml'));
    const own = TITLE_LAYOUT.replace('class="dek"', 'class="standfirst"');
    const grandchild = write('grandchild', 'extends: ../child\n', own);
    expect(loadTemplate(grandchild).ebookLayouts.title!.path).toBe(path.join(grandchild, 'ebook-title.xhtml'));
  });

  it.each([
    ['an unknown placeholder, with a suggestion', '<header>\n  <h1>{tilte}</h1>\n</header>\n', 'house/ebook-title.xhtml:2:7: error: unknown placeholder {tilte}; did you mean {title}? Known placeholders: {title}, {dek}, {byline}, {reporters}, {published}, {published_iso}, {updated}, {updated_iso}, {publisher}, {caption}, {credit}, {identifier}'],
    ['an unknown placeholder in an attribute', '<header>\n  <h1>{title}</h1>\n  <p><time datetime="{publishd_iso}">{published}</time></p>\n</header>\n', expect.stringMatching(/^house\/ebook-title\.xhtml:3:22: error: unknown placeholder \{publishd_iso\}; did you mean \{published_iso\}\?/)],
    ['an unknown field in data-if', '<header>\n  <h1>{title}</h1>\n  <p data-if="updatd">x</p>\n</header>\n', expect.stringMatching(/^house\/ebook-title\.xhtml:3:15: error: data-if="updatd" names no field; did you mean \{updated\}\?/)],
    ['a tag closed out of order', '<header>\n  <h1>{title}</h1>\n  <p><em>{dek}</p></em>\n</header>\n', 'house/ebook-title.xhtml:3:15: error: </p> does not close <em> (opened at 3:6); close <em> first'],
    ['an element never closed', '<header>\n  <h1>{title}</h1>\n  <p>{dek}\n', 'house/ebook-title.xhtml:3:3: error: <p> is never closed; end it with </p>'],
    ['an HTML entity XML does not know', '<header>\n  <h1>{title}&nbsp;</h1>\n</header>\n', 'house/ebook-title.xhtml:2:14: error: unknown entity &nbsp;: XML knows only &lt; &gt; &amp; &quot; &apos;; write the character itself or a numeric reference such as &#160;'],
    ['a bare ampersand', '<header>\n  <h1>{title} & more</h1>\n</header>\n', 'house/ebook-title.xhtml:2:15: error: a bare "&" must be written &amp;'],
    ['an unquoted attribute', '<header class=title>\n  <h1>{title}</h1>\n</header>\n', 'house/ebook-title.xhtml:1:15: error: the value of class must be in quotes, e.g. class="…"'],
    ['two root elements', '<header>\n  <h1>{title}</h1>\n</header>\n<p>{dek}</p>\n', 'house/ebook-title.xhtml:4:1: error: a layout holds one root element; put everything inside the first one'],
    ['a doctype', '<!DOCTYPE html>\n<header><h1>{title}</h1></header>\n', 'house/ebook-title.xhtml:1:1: error: a layout is a fragment of a page: leave out <!DOCTYPE>, <html> and <body>'],
    ['an element that is not allowed, with a suggestion', '<header>\n  <h1>{title}</h1>\n  <spam>{dek}</spam>\n</header>\n', 'house/ebook-title.xhtml:3:3: error: <spam> is not allowed in a title layout; did you mean <span>?'],
    ['a script', '<header>\n  <h1>{title}</h1>\n  <script>alert(1)</script>\n</header>\n', expect.stringMatching(/^house\/ebook-title\.xhtml:3:3: error: <script> is not allowed in a title layout \(a layout only arranges the article’s words; pictures, links and scripts cannot be added here\)/)],
    ['an attribute that is not allowed, with a suggestion', '<header>\n  <h1 clas="x">{title}</h1>\n</header>\n', 'house/ebook-title.xhtml:2:7: error: attribute clas is not allowed in a title layout; did you mean class?'],
    ['an id', '<header id="top">\n  <h1>{title}</h1>\n</header>\n', expect.stringMatching(/^house\/ebook-title\.xhtml:1:9: error: id is not allowed in a layout/)],
    ['no headline', '<header>\n  <p>{title}</p>\n</header>\n', 'house/ebook-title.xhtml:1:1: error: a title layout must hold the headline as its one <h1>, e.g. <h1>{title}</h1>'],
    ['a lead picture marker with content', '<header>\n  <h1>{title}</h1>\n  <figure class="lead-image">{caption}</figure>\n</header>\n', expect.stringMatching(/^house\/ebook-title\.xhtml:3:3: error: <figure class="lead-image"\/> marks where the lead picture goes and must be empty/)],
  ])('refuses %s in ebook-title.xhtml, pointing at the line and column', (_case, layout, expected) => {
    expect(errorsOf(write('house', 'extends: article\n', layout))).toEqual([expected]);
  });

  it('reports every vocabulary problem at once', () => {
    const errors = errorsOf(write('house', 'extends: article\n', '<header>\n  <h1>{title}</h1>\n  <p>{dek} {bylin}</p>\n  <blink>{credit}</blink>\n</header>\n'));
    expect(errors.map((error) => error.split(': error: ')[0])).toEqual(['house/ebook-title.xhtml:3:12', 'house/ebook-title.xhtml:4:3']);
  });
});
