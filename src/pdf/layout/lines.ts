import type { Face } from '../fonts/book.js';
import type { Fragment, Line } from '../text/types.js';
import type { Block, BlockRole, DrawOp, Note } from './types.js';

export interface LineBlockOptions {
  /** Left edge of the measure, from the frame's left. */
  x: number;
  /** Line height, points. */
  leading: number;
  /** The face and size that set the baseline (the paragraph's main text). */
  face: Face;
  size: number;
  role: BlockRole;
  /** Decoration drawn on every line (block-quote bars, code shading), relative to the line's top. */
  decorate?: (height: number) => DrawOp[];
  /** 'paragraph': first and next-to-last lines keep with the next (no orphans, no widows); 'all': every line does. */
  keep: 'paragraph' | 'all' | 'none';
  paragraphId?: number;
}

/** Baseline from the top of a line box: the glyphs' height centred in the leading. */
export function baselineOffset(face: Face, size: number, leading: number): number {
  return (leading - (face.ascent + face.descent) * size) / 2 + face.ascent * size;
}

/** Turns set lines into galley blocks: text, underlines, link areas, footnote citations. */
export function lineBlocks(lines: readonly Line[], options: LineBlockOptions): Block[] {
  const baseline = baselineOffset(options.face, options.size, options.leading);
  return lines.map((line, index) => {
    const ops: DrawOp[] = options.decorate ? options.decorate(options.leading) : [];
    const notes: Note[] = [];
    const left = options.x + line.offset;
    line.fragments.forEach((fragment, at) => {
      const y = baseline - fragment.rise;
      // Underline and strike run on through the space to a next fragment that has them too: on its right,
      // or on its left where the words run right to left.
      const next = line.fragments[at + 1];
      const reach = (flag: 'strike' | 'underline'): [number, number] => {
        const own: [number, number] = [left + fragment.x, left + fragment.x + fragment.width];
        if (!next?.[flag] || !fragment[flag]) return own;
        return next.x >= fragment.x ? [own[0], left + fragment.x + (next.x - fragment.x)] : [left + next.x + next.width, own[1]];
      };
      const op: DrawOp = { kind: 'text', x: left + fragment.x, y, text: fragment.text, face: fragment.face, size: fragment.size, color: fragment.color, width: fragment.width, struct: fragment.struct };
      if (fragment.spacing) op.spacing = fragment.spacing;
      if (fragment.rightToLeft) op.rightToLeft = true;
      if (fragment.leftToRight) op.leftToRight = true;
      ops.push(op);
      const thickness = Math.max(0.4, fragment.size / 18);
      if (fragment.underline) {
        const [x1, x2] = reach('underline');
        ops.push({ kind: 'rule', x1, y1: y + fragment.size * 0.12, x2, y2: y + fragment.size * 0.12, width: thickness, color: fragment.color });
      }
      if (fragment.strike) {
        const strikeY = y - fragment.size * 0.28;
        const [x1, x2] = reach('strike');
        ops.push({ kind: 'rule', x1, y1: strikeY, x2, y2: strikeY, width: thickness, color: fragment.color });
      }
      if (fragment.note && !notes.includes(fragment.note)) notes.push(fragment.note);
    });
    for (const image of line.images) {
      const descent = options.face.descent * options.size * 0.5;
      ops.push({ kind: 'image', x: left + image.x, y: baseline + descent - image.height, width: image.width, height: image.height, image: image.image, alt: image.alt, struct: image.struct, ...(image.place ? { place: image.place } : {}) });
    }
    // One clickable area for each stretch of a line that goes to the same place.
    for (let at = 0; at < line.fragments.length; ) {
      const fragment = line.fragments[at]!;
      let last = at;
      while (last + 1 < line.fragments.length && fragment.link && line.fragments[last + 1]!.link === fragment.link) last++;
      if (fragment.link) {
        const linkStruct = fragment.struct.type === 'Link' ? fragment.struct : undefined;
        for (const [from, to] of linkAreas(line.fragments, at, last)) {
          ops.push({
            kind: 'link',
            x: left + from,
            y: 0,
            width: to - from,
            height: options.leading,
            target: fragment.link,
            ...(linkStruct ? { struct: linkStruct } : {}),
          });
        }
      }
      at = last + 1;
    }
    // In a paragraph: no orphan (first line), no widow (next-to-last) and, if it can be helped, no word hyphenated across a break.
    const keep =
      options.keep === 'all'
        ? index < lines.length - 1 || options.role === 'heading'
        : options.keep === 'paragraph'
          ? index === 0 || index === lines.length - 2
          : false;
    const block: Block = {
      kind: 'block',
      height: options.leading,
      ops,
      role: options.role,
      setting: { measure: line.measure, width: line.width, ratio: line.ratio, justified: line.justified, spaceRatio: line.spaceRatio, tracking: line.tracking },
    };
    if (keep && lines.length > 1) block.keepWithNext = true;
    else if (options.keep === 'paragraph' && line.hyphenated && index < lines.length - 1) block.keepWithNext = 'soft';
    if (options.keep === 'all' && options.role === 'heading') block.keepWithNext = true;
    if (notes.length > 0) block.notes = notes;
    if (line.start?.run.source) block.start = { text: line.start.run.source, offset: line.start.offset };
    if (options.paragraphId !== undefined) block.paragraph = { id: options.paragraphId, line: index, lines: lines.length };
    return block;
  });
}

/**
 * The areas a link's fragments `first` to `last` cover, left to right: from the leftmost to the
 * rightmost, whichever way its words run, but apart where other words of the line come between
 * (a link whose words run both ways is seen in two places when the paragraph runs right to left,
 * and the words between, a note's number among them, are not the link's).
 */
function linkAreas(fragments: readonly Fragment[], first: number, last: number): [number, number][] {
  const own = fragments.slice(first, last + 1).map((part): [number, number] => [part.x, part.x + part.width]).sort((a, b) => a[0] - b[0]);
  const others = [...fragments.slice(0, first), ...fragments.slice(last + 1)];
  const areas: [number, number][] = [];
  for (const [from, to] of own) {
    const area = areas[areas.length - 1];
    const between = area && others.some((other) => other.x >= area[1] && other.x + other.width <= from);
    if (area && !between) area[1] = Math.max(area[1], to);
    else areas.push([from, to]);
  }
  return areas;
}
