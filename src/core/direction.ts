const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** Whether a language (BCP 47 tag) is written right to left: its article's pages and paragraphs run that way. */
export function isRightToLeft(lang: string): boolean {
  return RIGHT_TO_LEFT.has(lang.toLowerCase().split('-')[0]!);
}

/** The scripts written right to left, as the inside of a regular expression's character class. */
export const RIGHT_TO_LEFT_SCRIPTS =
  '\\p{Script=Hebrew}\\p{Script=Arabic}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Samaritan}\\p{Script=Mandaic}\\p{Script=Adlam}\\p{Script=Hanifi_Rohingya}\\p{Script=Mende_Kikakui}\\p{Script=Yezidi}';

/**
 * A letter of a script written right to left (Bidi_Class R or AL): Hebrew, Arabic, Syriac, Thaana, N'Ko,
 * Adlam …. Not the digits of those scripts, which run left to right.
 */
export const RIGHT_TO_LEFT_LETTER = new RegExp(`(?=\\p{L})[${RIGHT_TO_LEFT_SCRIPTS}]`, 'u');

/**
 * Characters other than those letters that are right to left too (Bidi_Class R or AL in Unicode 15),
 * as the inside of a character class: Hebrew maqaf, geresh and gershayim (צה״ל), the Arabic comma-less
 * punctuation (؛ ؟ ۔), the tatweel that stretches a joined word (كـتـاب), N'Ko digits, the
 * right-to-left mark, and the like in the scripts above.
 */
export const RIGHT_TO_LEFT_SIGNS =
  '\\u05BE\\u05C0\\u05C3\\u05C6\\u05F3\\u05F4\\u0608\\u060B\\u060D\\u061B-\\u061F\\u0640\\u066D\\u06D4\\u06FD\\u06FE\\u0700-\\u070D\\u070F\\u07C0-\\u07C9\\u07FE\\u07FF\\u0830-\\u083E\\u085E\\u0888\\u200F\\uFBB2-\\uFBC2\\uFDFC\\u{1E950}-\\u{1E959}\\u{1E95E}\\u{1E95F}';

/** A character that is strong right to left: a letter of those scripts, or one of those signs. */
export const RIGHT_TO_LEFT_CHARACTER = new RegExp(`(?=\\p{L})[${RIGHT_TO_LEFT_SCRIPTS}]|[${RIGHT_TO_LEFT_SIGNS}]`, 'u');
