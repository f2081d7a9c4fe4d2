/**
 * A letter of a script written right to left (Bidi_Class R or AL): Hebrew, Arabic, Syriac, Thaana, N'Ko,
 * Adlam …. Not the digits of those scripts, which run left to right.
 */
export const RIGHT_TO_LEFT_LETTER =
  /(?=\p{L})[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mende_Kikakui}\p{Script=Yezidi}]/u;
