import type { Face } from '../fonts/book.js';
import { segmentText } from '../fonts/segment.js';
import type { DrawOp, StructNode } from '../layout/types.js';
import type { State } from './state.js';

/** A label hung beside a block (a list number, a note number) as text ops, starting at `left` or ending at `right`. */
export function labelOps(
  state: State,
  label: string,
  look: { face: Face; size: number; color: string },
  struct: StructNode,
  edge: { left: number } | { right: number },
  baseline: number,
): DrawOp[] {
  const segments = segmentText(label, look.face, state.book);
  const widths = segments.map((segment) => state.book.width(segment.face, segment.text, look.size));
  let x = 'left' in edge ? edge.left : edge.right - widths.reduce((a, b) => a + b, 0);
  return segments.map((segment, index) => {
    const op: DrawOp = { kind: 'text', x, y: baseline, text: segment.text, face: segment.face, size: look.size, color: look.color, width: widths[index]!, struct };
    x += widths[index]!;
    return op;
  });
}
