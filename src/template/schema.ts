/**
 * The one declaration of a template's keys. From it come the types the renderers use
 * (`PrintTheme`, `EbookTheme` in theme.ts), the strict check of `print.yaml` and `ebook.yaml`
 * (load.ts), and the README's key tables (docs.ts; a test keeps the README in step).
 *
 * Keys are written as the YAML files write them (`font_size`); each section hands its keys on in
 * camelCase (`fontSize`), as TypeScript writes them. Defaults are not here: they are the values of
 * the `article` template, which every other template extends.
 */
import * as v from 'valibot';
import { camelKeys } from '../core/yaml-schema.js';
import { boolean, choice, color, fontFile, fontFiles, length, margin, number, PAGE_SIZES, pageSize, text, textWithPlaceholders, type FontResolver, type KindInfo } from './kinds.js';

/** What a section says when it is given something other than keys. */
export const NOT_A_MAPPING = 'must be a mapping of keys';

/** README metadata of a section documented as one row (a font family) rather than key by key. */
export interface RowInfo extends KindInfo {
  row: true;
}

function section<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.strictObject(entries, NOT_A_MAPPING),
    v.transform((value) => camelKeys(value)),
  );
}

export const FONT_ROLES = ['body', 'heading', 'sans', 'mono'] as const;

/** Values a running header or footer may name between braces. */
export const PLACEHOLDERS = ['title', 'publisher', 'reporter', 'published', 'updated', 'identifier', 'dateline', 'section', 'edition', 'page', 'pages', 'page_of_pages'] as const;

/** Where a key that once belonged in `print.yaml` lives now. */
export const MOVED_FROM_PRINT: Record<string, { file: string; keys: string }> = {
  ebook: { file: 'ebook.yaml', keys: 'embed_fonts' },
};

const FAMILY = '`.ttf`/`.otf` paths relative to the template, or `npm:package/path.ttf`; a missing `italic`, `bold` or `bold_italic` face falls back to the nearest one present';

function family(fonts: FontResolver) {
  const face = (name: string) => v.optional(fontFile(fonts, `the ${name} face; a missing face falls back to the nearest one present`));
  return v.pipe(
    section({ regular: fontFile(fonts, 'the regular face'), italic: face('italic'), bold: face('bold'), bold_italic: face('bold italic') }),
    v.metadata({ row: true, type: '`regular`, `italic`, `bold`, `bold_italic` font files' } satisfies RowInfo),
    v.description(FAMILY),
  );
}

function runningLine(which: 'header' | 'footer', more = '') {
  const place = textWithPlaceholders(PLACEHOLDERS, `running ${which}${more}`);
  return section({
    left: v.optional(place, ''),
    center: v.optional(place, ''),
    right: v.optional(place, ''),
    font_size: length(`the running ${which}'s type size and color`),
    color: color(`the running ${which}'s type size and color`),
  });
}

/** The keys of a print theme, with fonts found by `fonts`. */
export function printThemeSchema(fonts: FontResolver) {
  const pageKeys = section({
    size: v.optional(pageSize('paper size')),
    width: v.optional(length('a custom paper size (wins over `size`)')),
    height: v.optional(length('a custom paper size (wins over `size`)')),
    margin: margin('page margins'),
    columns: choice([1, 2], 'text columns'),
    gutter: length('space between columns'),
  });
  const headingSize = length('heading sizes');
  return section({
    page: v.pipe(
      pageKeys,
      v.rawTransform(({ dataset: { value }, addIssue, NEVER }) => {
        const { size, width, height, ...rest } = value;
        const named = size === undefined ? undefined : PAGE_SIZES[size];
        if ((width ?? named?.[0]) === undefined || (height ?? named?.[1]) === undefined) {
          addIssue({ message: 'page.size (or page.width and page.height)' });
          return NEVER;
        }
        return { width: (width ?? named?.[0])!, height: (height ?? named?.[1])!, ...rest };
      }),
    ),
    fonts: section({
      body: family(fonts),
      heading: family(fonts),
      sans: family(fonts),
      mono: family(fonts),
      fallback: fontFiles(fonts, "tried in order for characters the main font lacks, before the template's other families"),
      scripts: fontFiles(
        fonts,
        'fonts for other writing systems, tried in order after `fallback` and the families (so a sign the serif lacks, such as ≤, still comes from the sans or mono family, not from the CJK font). Whether a font has a character is read from its `cmap` table alone; the font is parsed only when it draws something, so a manuscript that needs none of them reads none',
      ),
    }),
    base: section({
      font_size: length('body text size'),
      leading: number(1, 3, 'line height as a multiple of the size'),
      color: color('text color'),
    }),
    headings: v.pipe(
      section({
        font: choice(FONT_ROLES, 'heading family'),
        color: color('heading color'),
        h1: headingSize,
        h2: headingSize,
        h3: headingSize,
        h4: headingSize,
        h5: headingSize,
        h6: headingSize,
      }),
      v.transform(({ h1, h2, h3, h4, h5, h6, ...rest }) => ({ ...rest, sizes: [h1, h2, h3, h4, h5, h6] as [number, number, number, number, number, number] })),
    ),
    paragraph: section({
      indent: length('first-line indent (not after headings)'),
      spacing: length('space between paragraphs'),
      justify: boolean('justified or ragged-right text'),
      hyphenate: boolean("hyphenation in the manuscript's language"),
    }),
    title_block: section({
      headline_size: length('sizes of the headline and dek'),
      dek_size: length('sizes of the headline and dek'),
      show_dek: boolean('what the title block shows'),
      show_byline: boolean('what the title block shows'),
      show_dates: boolean('what the title block shows'),
      show_publisher: boolean('what the title block shows'),
      show_image: boolean('what the title block shows'),
      show_identifier: boolean('what the title block shows'),
    }),
    caption: section({ font_size: length('picture captions'), color: color('picture captions') }),
    credit: section({
      font_size: length('picture credits'),
      color: color('picture credits'),
      prefix: v.optional(
        text(
          'before each picture credit; unset, the word for it in the article\'s language (`Photo: `, `Foto: `, `Photo : ` with a no-break space in French …, from `templates/labels/`); `""` prints the credit alone. Never added to a credit that already starts with a credit word of the article\'s language (`Photo:`, `Photograph by`, `Foto:`, `Фото:` …, listed in its label file) or with the prefix\'s own word',
        ),
      ),
    }),
    links: section({ color: color('link text color'), print_urls: boolean("print each link's URL after its text") }),
    code: section({ font_size: length('code blocks'), background: color('code blocks') }),
    footnotes: section({
      placement: choice(['page', 'endnotes'], 'notes at the foot of the page that cites them, or at the end'),
      font_size: length('note text size'),
    }),
    // How pages fill: which elements may float, how far a picture may shrink, how columns end.
    floats: section({
      figures: boolean(
        'a figure (picture, caption, credit) that does not fit where it is cited floats to the top of the next column or page, the text going on meanwhile; floats keep their order and stay within a page of where they are cited',
      ),
      tables: boolean('the same for tables (a table taller than a page is split instead, its header repeated)'),
      code: boolean('the same for code blocks (else they split, at least two lines on each side)'),
      min_scale: number(0.3, 1, 'a picture may shrink to this share of its size to stay where it is cited, and pictures waiting together to share a page (1: never)'),
    }),
    columns: section({
      span_aspect: number(
        1,
        20,
        'on a page of two columns, a picture at least this many times as wide as tall (a panorama) is set across both, as is a table wider than a column: at its place with the columns above it balanced, else at the foot of the page, else on top of the next',
      ),
      balance: boolean("the last page's columns end together (within a line or two)"),
    }),
    header: runningLine('header'),
    footer: runningLine(
      'footer',
      '; with a center text each part has a third of the line, without one the two sides share it (a long left side takes what the right leaves), and a text too long is cut with …',
    ),
    edition: section({
      start: choice(
        ['page', 'flow', 'column'],
        "where each article of an edition begins in print: (`flow`) right below the article before it when the room left holds its headline block and two lines of its text, its lead picture floating in its body (else on a new page, the article before set to the foot of its last page); (`page`) at the top of a new page; or (`column`) at the top of the column after the one where the article before ends, its title block as wide as the column, else on a new page (one column: as `page`)",
      ),
      header: runningLine('header', " of an edition's pages, which may name the page's `{section}` and the `{edition}` beside the article's own placeholders"),
    }),
    pdf: section({
      pdfa: choice(['none', '2b', '3b'], 'PDF/A conformance level'),
      tagged: boolean('tagged PDF (structure tree for screen readers)'),
      attach_source: boolean('attach the source manuscript (needs `pdfa: 3b` or `none`)'),
    }),
  });
}

/** What `print.yaml` may hold: the print theme's keys and `extends`. */
export function printFileSchema(fonts: FontResolver) {
  return v.strictObject(
    {
      extends: v.optional(text('the template this one builds on: its print theme, ebook settings, style sheet and layouts apply wherever this one does not set its own', 'name or path')),
      ...printThemeSchema(fonts).entries,
    },
    NOT_A_MAPPING,
  );
}

/** What `ebook.yaml` may hold: what the EPUB takes from the template besides its style sheet and layouts. */
export const EBOOK_SCHEMA = section({
  embed_fonts: boolean(
    "pack the body fonts (and the headings' family when `headings.font` is not `body`) into the EPUB with `@font-face` rules placed after the style sheets, so every reading system shows the template's fonts; makes the file larger (archival sample: 1.6 MB)",
  ),
});
