import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FontFaces, FontRole, Template } from '../template/theme.js';

/** A font file packed into the book. */
export interface EmbeddedFont {
  /** Manifest id. */
  id: string;
  /** Path relative to the package document. */
  href: string;
  mediaType: 'font/ttf' | 'font/otf';
  data: Buffer;
}

export interface EbookFonts {
  fonts: EmbeddedFont[];
  /** `@font-face` rules and the rules that use them; empty when the template embeds nothing. */
  css: string;
}

const FAMILY_NAMES: Record<FontRole, string> = { body: 'Pressroom Body', heading: 'Pressroom Heading', sans: 'Pressroom Sans', mono: 'Pressroom Mono' };
const GENERIC: Record<FontRole, string> = { body: 'serif', heading: 'serif', sans: 'sans-serif', mono: 'monospace' };
const FACES: { key: keyof FontFaces; style: 'normal' | 'italic'; weight: 'normal' | 'bold' }[] = [
  { key: 'regular', style: 'normal', weight: 'normal' },
  { key: 'italic', style: 'italic', weight: 'normal' },
  { key: 'bold', style: 'normal', weight: 'bold' },
  { key: 'boldItalic', style: 'italic', weight: 'bold' },
];
const NONE: EbookFonts = { fonts: [], css: '' };
const byTemplate = new WeakMap<Template, EbookFonts>();

/**
 * The template's text faces as the book's own fonts, when `ebook.embed_fonts` is on: the body
 * family, and the family headings use when that is another one. Each file is packed once under a
 * name taken from its content; headings are set in their family's regular face, as in print.
 */
export function ebookFonts(template: Template): EbookFonts {
  if (!template.ebook.embedFonts) return NONE;
  let result = byTemplate.get(template);
  if (!result) {
    result = collectFonts(template);
    byTemplate.set(template, result);
  }
  return result;
}

function collectFonts(template: Template): EbookFonts {
  const { fonts, headings } = template.print;
  const roles: FontRole[] = headings.font === 'body' ? ['body'] : ['body', headings.font];
  const files = new Map<string, EmbeddedFont>();
  const rules: string[] = ['/* Fonts embedded by the template (ebook.embed_fonts) */'];
  for (const role of roles) {
    for (const face of FACES) {
      const file = fonts[role][face.key];
      if (!file) continue;
      let font = files.get(file);
      if (!font) {
        font = fontFile(file);
        files.set(file, font);
      }
      rules.push(`@font-face { font-family: "${FAMILY_NAMES[role]}"; font-style: ${face.style}; font-weight: ${face.weight}; src: url(${font.href}); }`);
    }
  }
  rules.push(`body { font-family: "${FAMILY_NAMES.body}", ${GENERIC.body}; }`);
  if (headings.font !== 'body') rules.push(`h1, h2, h3, h4, h5, h6 { font-family: "${FAMILY_NAMES[headings.font]}", ${GENERIC[headings.font]}; font-weight: normal; }`);
  else rules.push('h1, h2, h3, h4, h5, h6 { font-weight: normal; }');
  // Two paths may hold the same bytes: one file is enough.
  const unique = new Map([...files.values()].map((font) => [font.id, font]));
  return { fonts: [...unique.values()], css: `${rules.join('\n')}\n` };
}

function fontFile(file: string): EmbeddedFont {
  const data = fs.readFileSync(file);
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  const isOpenType = path.extname(file).toLowerCase() === '.otf';
  return { id: `font-${hash}`, href: `fonts/${hash}.${isOpenType ? 'otf' : 'ttf'}`, mediaType: isOpenType ? 'font/otf' : 'font/ttf', data };
}
