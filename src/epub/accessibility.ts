import type { Element, Root } from 'hast';
import type { Resource } from './resources.js';

const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA';

/** What the renderer knows about the book that bears on its accessibility claims. */
export interface AccessibilityFacts {
  pictures: Resource[];
  /** Pictures shown with a stand-in description because the manuscript gave none. */
  undescribedPictures: number;
  /** Scripts (Cyrillic, Greek …) found in text whose marked language does not use them. */
  unmarkedScripts: string[];
  /** The print edition whose pages the book marks (its page-list), when it marks them. */
  pageBreakSource?: string;
}

export interface AccessibilityMetadata {
  /** schema.org properties, in the order written. */
  properties: [property: string, value: string][];
  summary: string;
  conformsTo: string | undefined;
  /** The print edition whose pages the book marks. */
  pageBreakSource: string | undefined;
}

/**
 * EPUB Accessibility 1.1 metadata. Conformance to WCAG 2.1 AA is claimed only when every check
 * Pressroom can make passes: every picture described, no text in a script its language does not
 * use (a passage in another language needs marking), no animation that might flash. (Heading
 * levels need no check: they are written so that none is skipped.)
 */
export function accessibilityMetadata(facts: AccessibilityFacts): AccessibilityMetadata {
  const hasPictures = facts.pictures.length > 0;
  const animated = facts.pictures.some((picture) => isAnimated(picture));
  const described = facts.undescribedPictures === 0;
  const properties: [string, string][] = [['schema:accessMode', 'textual']];
  if (hasPictures) properties.push(['schema:accessMode', 'visual']);
  if (!hasPictures || described) properties.push(['schema:accessModeSufficient', 'textual']);
  if (hasPictures) properties.push(['schema:accessModeSufficient', 'textual,visual']);
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (facts.pageBreakSource) features.push('printPageNumbers', 'pageNavigation');
  for (const feature of features) properties.push(['schema:accessibilityFeature', feature]);
  if (hasPictures && described) properties.push(['schema:accessibilityFeature', 'alternativeText']);
  if (animated) {
    for (const hazard of ['unknownFlashingHazard', 'unknownMotionSimulationHazard', 'noSoundHazard']) properties.push(['schema:accessibilityHazard', hazard]);
  } else {
    properties.push(['schema:accessibilityHazard', 'none']);
  }

  const shortfalls: string[] = [];
  if (!described) shortfalls.push(`${facts.undescribedPictures} picture${facts.undescribedPictures === 1 ? ' has' : 's have'} no description`);
  if (facts.unmarkedScripts.length > 0) shortfalls.push(`passages in ${facts.unmarkedScripts.join(', ')} script are not marked with their language`);
  if (animated) shortfalls.push('animated pictures have not been checked for flashing');
  const conformsTo = shortfalls.length === 0 ? CONFORMANCE : undefined;

  const pages = facts.pageBreakSource ? ` The page breaks of the print edition (${facts.pageBreakSource}) are marked and listed.` : '';
  const pictures = hasPictures ? ` ${described ? 'Every picture has' : 'Pictures have'} a text alternative${described ? '' : ' where the author gave one'}.` : '';
  const verdict = conformsTo
    ? ' Meets WCAG 2.1 Level AA as far as Pressroom’s automated checks can tell.'
    : ` Not claimed to meet WCAG 2.1 Level AA: ${shortfalls.join('; ')}.`;
  return {
    properties,
    summary: `A single article with headings, a table of contents and one reading order; text can be resized and restyled.${pages}${pictures}${verdict}`,
    conformsTo,
    pageBreakSource: facts.pageBreakSource,
  };
}

/** GIF, PNG (APNG) and WebP can move; SVG cannot once sanitised (animation elements are removed). */
function isAnimated(picture: Resource): boolean {
  const { data } = picture;
  switch (picture.mediaType) {
    case 'image/gif':
      return countOccurrences(data, Buffer.from([0x21, 0xf9, 0x04])) > 1;
    case 'image/png':
      return data.includes(Buffer.from('acTL', 'latin1'));
    case 'image/webp':
      return data.includes(Buffer.from('ANIM', 'latin1'));
    default:
      return false;
  }
}

function countOccurrences(data: Buffer, pattern: Buffer): number {
  let count = 0;
  for (let index = data.indexOf(pattern); index !== -1; index = data.indexOf(pattern, index + 1)) count++;
  return count;
}

// Scripts an article's letters may be in, by primary language subtag; any language not listed uses Latin.
// Latin words in other scripts' languages are not flagged: names and acronyms are too common to count.
const SCRIPTS_OF_LANGUAGE: Record<string, string[]> = {
  ru: ['Cyrillic'], uk: ['Cyrillic'], be: ['Cyrillic'], bg: ['Cyrillic'], mk: ['Cyrillic'], sr: ['Cyrillic'],
  kk: ['Cyrillic'], ky: ['Cyrillic'], tg: ['Cyrillic'], mn: ['Cyrillic'], tt: ['Cyrillic'], ba: ['Cyrillic'],
  el: ['Greek'],
  ar: ['Arabic'], fa: ['Arabic'], ur: ['Arabic'], ps: ['Arabic'], sd: ['Arabic'], ug: ['Arabic'], ckb: ['Arabic'],
  he: ['Hebrew'], yi: ['Hebrew'],
  zh: ['Han'], ja: ['Han', 'Hiragana', 'Katakana'], ko: ['Hangul', 'Han'],
  hi: ['Devanagari'], mr: ['Devanagari'], ne: ['Devanagari'], sa: ['Devanagari'],
  bn: ['Bengali'], as: ['Bengali'], pa: ['Gurmukhi'], gu: ['Gujarati'], ta: ['Tamil'], te: ['Telugu'],
  kn: ['Kannada'], ml: ['Malayalam'], si: ['Sinhala'], th: ['Thai'], lo: ['Lao'], km: ['Khmer'],
  my: ['Myanmar'], ka: ['Georgian'], hy: ['Armenian'], am: ['Ethiopic'], ti: ['Ethiopic'],
};
const CHECKED_SCRIPTS = [...new Set(['Latin', ...Object.values(SCRIPTS_OF_LANGUAGE).flat()])].map(
  (script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const,
);

/** The scripts of letters that appear where the language in force (`lang`) does not write them. */
export function unmarkedScripts(tree: Root | Element, lang: string): string[] {
  const found = new Set<string>();
  walk(tree, lang, found);
  return [...found].sort();
}

// A letter in no script but Latin: most text has none, and then needs no closer look.
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}]/u;

function walk(node: Root | Element, lang: string, found: Set<string>): void {
  const here = node.type === 'element' && typeof node.properties.lang === 'string' ? node.properties.lang : lang;
  const expected = SCRIPTS_OF_LANGUAGE[here.toLowerCase().split('-')[0]!] ?? ['Latin'];
  for (const child of node.children) {
    if (child.type === 'element') walk(child, here, found);
    if (child.type !== 'text' || !NON_LATIN_LETTER.test(child.value)) continue;
    for (const letter of child.value.match(/\p{L}/gu) ?? []) {
      const script = CHECKED_SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0];
      if (script && script !== 'Latin' && !expected.includes(script)) found.add(script);
    }
  }
}
