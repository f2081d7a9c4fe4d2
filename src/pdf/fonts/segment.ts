import { runsInVisualOrder } from '../text/bidi.js';
import type { Face, FontBook } from './book.js';

/** A stretch of text one face can draw. */
export interface Segment {
  text: string;
  face: Face;
  /** Index of the segment's first character in the text given to `segmentText`. */
  offset: number;
  /** True when no face had the character: `text` is then a replacement character. */
  missing?: boolean;
}

/** Invisible format characters that a face may lack without harm: they are dropped, not replaced. */
const IGNORABLE = /^[\u00AD\u034F\u061C\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFE00-\uFE0F\uFEFF]$|^[\u{E0100}-\u{E01EF}]$/u;
/** Never drawn, even by a face that has a glyph for them: the soft hyphen, and the characters that embed, override or isolate (their work is done when the text is ordered). */
const NEVER_DRAWN = /^[\u00AD\u202A-\u202E\u2066-\u2069]$/;
export const REPLACEMENT = '\uFFFD';

let graphemes: Intl.Segmenter | undefined;

/** How one grapheme cluster is drawn: by which face, as which characters. */
export interface ClusterSetting {
  face: Face;
  text: string;
  missing: boolean;
}

/**
 * Picks the face for one grapheme cluster: the primary face where it has the glyphs, else the first
 * face of the fallback chain that has them all; invisible format characters a face lacks are dropped.
 * A cluster no face has becomes U+FFFD from the first face that has it.
 */
export function settleCluster(cluster: string, primary: Face, book: FontBook): ClusterSetting {
  // The common case: one character the primary face has.
  if (cluster.length === 1) {
    const code = cluster.charCodeAt(0);
    if (code !== 0xad && !(code >= 0xd800 && code <= 0xdfff) && !IGNORABLE.test(cluster) && book.has(primary, code)) return { face: primary, text: cluster, missing: false };
  }
  const points = [...cluster];
  const essential = points.filter((char) => !IGNORABLE.test(char));
  const chain = book.chain(primary);
  if (essential.length === 0) return { face: primary, text: points.filter((char) => !NEVER_DRAWN.test(char) && book.has(primary, char.codePointAt(0)!)).join(''), missing: false };
  const face = chain.find((candidate) => essential.every((char) => book.has(candidate, char.codePointAt(0)!)));
  if (face) {
    const kept = points.filter((char) => !NEVER_DRAWN.test(char) && (!IGNORABLE.test(char) || book.has(face, char.codePointAt(0)!)));
    return { face, text: kept.join(''), missing: false };
  }
  const stand = chain.find((candidate) => book.has(candidate, 0xfffd));
  return { face: stand ?? primary, text: stand ? REPLACEMENT : '?', missing: true };
}

/**
 * Text in which every UTF-16 unit is a grapheme cluster of its own: Latin letters, digits and
 * punctuation without combining marks, joiners, variation selectors, surrogates or CR.
 */
const SIMPLE = /^[\u0000-\u000C\u000E-\u02FF\u2010-\u2027\u2030-\u205F\u20A0-\u20BF\u2100-\u218F]*$/;

/**
 * Settles every grapheme cluster of `text` in order (see `settleCluster`), telling `each` the cluster,
 * its index, and the face and characters that draw it. In text of one-unit clusters (SIMPLE, where the
 * soft hyphen is the only ignorable character) a character the primary face has takes one lookup and
 * no allocation: a long document is walked this way character by character.
 */
export function settleClusters(
  text: string,
  primary: Face,
  book: FontBook,
  each: (cluster: string, index: number, face: Face, drawn: string, missing: boolean) => void,
): void {
  if (SIMPLE.test(text)) {
    for (let index = 0; index < text.length; index++) {
      const char = text[index]!;
      const code = text.charCodeAt(index);
      if (code !== 0xad && book.has(primary, code)) each(char, index, primary, char, false);
      else {
        const setting = settleCluster(char, primary, book);
        each(char, index, setting.face, setting.text, setting.missing);
      }
    }
    return;
  }
  for (const { cluster, index } of clusters(text)) {
    const setting = settleCluster(cluster, primary, book);
    each(cluster, index, setting.face, setting.text, setting.missing);
  }
}

export function clusters(text: string): { cluster: string; index: number }[] {
  if (SIMPLE.test(text)) {
    const result = new Array<{ cluster: string; index: number }>(text.length);
    for (let index = 0; index < text.length; index++) result[index] = { cluster: text[index]!, index };
    return result;
  }
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return [...graphemes.segment(text)].map(({ segment, index }) => ({ cluster: segment, index }));
}

/** Splits text into runs each drawn by one face (see `settleCluster`); `onMissing` hears of clusters no face has. */
export function segmentText(
  text: string,
  primary: Face,
  book: FontBook,
  onMissing?: (cluster: string, offset: number) => void,
): Segment[] {
  const segments: Segment[] = [];
  if (text === '') return segments;
  let allPrimary = !text.includes('\u00AD');
  if (allPrimary) {
    for (const char of text) {
      if (!book.has(primary, char.codePointAt(0)!)) {
        allPrimary = false;
        break;
      }
    }
  }
  if (allPrimary) return [{ text, face: primary, offset: 0 }];
  for (const { cluster, index } of clusters(text)) {
    const setting = settleCluster(cluster, primary, book);
    if (setting.missing) onMissing?.(cluster, index);
    if (setting.text === '') continue;
    const last = segments[segments.length - 1];
    if (last && last.face === setting.face && !setting.missing && !last.missing) last.text += setting.text;
    else segments.push(setting.missing ? { text: setting.text, face: setting.face, offset: index, missing: true } : { text: setting.text, face: setting.face, offset: index });
  }
  return segments;
}

/**
 * A line of text as drawn, left to right: its bidirectional runs in visual order, each split into
 * the faces that draw it and marked when set right to left (a running head, a cover's headline).
 */
export function visualSegments(text: string, primary: Face, book: FontBook, rightToLeft: boolean): (Segment & { rightToLeft: boolean; leftToRight?: boolean })[] {
  return runsInVisualOrder(text, rightToLeft).flatMap((run) =>
    segmentText(run.text, primary, book).map((segment) => (run.leftToRight ? { ...segment, rightToLeft: false, leftToRight: true } : { ...segment, rightToLeft: run.rightToLeft })),
  );
}
