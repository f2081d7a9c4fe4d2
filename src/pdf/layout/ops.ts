import type { Block, DrawOp } from './types.js';

/** Moves ops down by `dy`. */
export function shift(ops: readonly DrawOp[], dy: number): DrawOp[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'rule':
        return { ...op, y1: op.y1 + dy, y2: op.y2 + dy };
      default:
        return { ...op, y: op.y + dy };
    }
  });
}

/** The picture at the top of a figure block (its caption and credit below it), if the block is one. */
function pictureOf(block: Block): Extract<DrawOp, { kind: 'image' }> | undefined {
  const picture = block.role === 'figure' ? block.ops.find((op) => op.kind === 'image') : undefined;
  return picture?.kind === 'image' && picture.y === 0 ? picture : undefined;
}

/** The height of a figure block's picture (0 for a block that is no figure). */
export function pictureHeight(block: Block): number {
  return pictureOf(block)?.height ?? 0;
}

/** A figure block with its picture scaled by `scale`, centred where it was; the caption keeps its size and measure. */
export function scaleFigure(block: Block, scale: number): Block {
  const picture = pictureOf(block);
  if (!picture || scale >= 1) return block;
  const width = picture.width * scale;
  const lost = picture.height * (1 - scale);
  const ops = block.ops.map((op) => (op === picture ? { ...picture, x: picture.x + (picture.width - width) / 2, width, height: picture.height - lost } : shift([op], -lost)[0]!));
  return { ...block, height: block.height - lost, ops };
}

/**
 * A figure block made at most `height` tall by scaling its picture; undefined when that takes a scale
 * below `minScale` (or the block is no figure).
 */
export function shrinkFigure(block: Block, height: number, minScale: number): Block | undefined {
  if (block.height <= height) return block;
  const picture = pictureHeight(block);
  if (picture === 0) return undefined;
  const scale = (height - (block.height - picture)) / picture;
  return scale >= minScale && scale < 1 ? scaleFigure(block, scale) : undefined;
}

/**
 * A figure block grown by at most `extra` points by scaling its picture up, no wider than `maxWidth`, centred
 * where it was; the block as it is when it is no figure or cannot grow.
 */
export function growFigure(block: Block, extra: number, maxWidth: number): Block {
  const picture = pictureOf(block);
  if (!picture || extra <= 0) return block;
  const scale = Math.min((picture.height + extra) / picture.height, maxWidth / picture.width);
  if (scale <= 1) return block;
  const width = picture.width * scale;
  const gained = picture.height * (scale - 1);
  const ops = block.ops.map((op) => (op === picture ? { ...picture, x: picture.x - (width - picture.width) / 2, width, height: picture.height + gained } : shift([op], gained)[0]!));
  return { ...block, height: block.height + gained, ops };
}
