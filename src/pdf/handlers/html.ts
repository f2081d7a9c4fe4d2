const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  shy: '\u00AD',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  copy: '\u00A9',
  reg: '\u00AE',
  trade: '\u2122',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201C',
  rdquo: '\u201D',
  laquo: '\u00AB',
  raquo: '\u00BB',
  euro: '\u20AC',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/**
 * Raw HTML in a manuscript: tags are dropped, their text kept; comments and script/style bodies vanish.
 * Returns text pieces, with '\n' standing for a <br>.
 */
export function htmlToText(html: string): string[] {
  const cleaned = html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '');
  const pieces: string[] = [];
  for (const part of cleaned.split(/(<br\s*\/?>)/i)) {
    if (/^<br/i.test(part)) pieces.push('\n');
    else {
      const text = decodeEntities(part.replace(/<\/?[a-z][^>]*>/gi, '').replace(/<![^>]*>/g, ''));
      if (text !== '') pieces.push(text);
    }
  }
  return pieces;
}
