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
