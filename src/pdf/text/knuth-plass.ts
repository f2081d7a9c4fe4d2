/**
 * Knuth–Plass total-fit line breaking ("Breaking Paragraphs into Lines", 1981), compact form.
 * Items are boxes (unbreakable widths), glue (breakable, stretchable space) and penalties
 * (optional breaks with a cost; -Infinity forces one, +Infinity forbids it).
 */
export type KPItem =
  /** `stretch`: letter-spacing the box can take (most boxes have none). */
  | { type: 'box'; width: number; stretch?: number }
  | { type: 'glue'; width: number; stretch: number; shrink: number }
  | { type: 'penalty'; width: number; penalty: number; flagged: boolean };

export interface KPOptions {
  /** Largest adjustment ratio a line may have; Infinity accepts any line that is not overfull. */
  tolerance: number;
  linePenalty?: number;
  /** Extra demerits for two consecutive hyphenated lines. */
  flaggedDemerits?: number;
  /** Extra demerits for a tight line next to a loose one. */
  fitnessDemerits?: number;
  /** Extra demerits for a hyphen at the end of the next-to-last line (TeX's \finalhyphendemerits). */
  finalFlaggedDemerits?: number;
  /**
   * TeX's \looseness: prefer the feasible breaks whose line count is this much more (or, negative, less)
   * than the best breaks', as close to it as the tolerance allows.
   */
  looseness?: number;
}

export interface KPBreak {
  /** Index of the item the line ends at (glue or penalty). */
  position: number;
  /** Adjustment ratio of the line ending here: >0 stretched, <0 shrunk, in units of the line's stretch or shrink. */
  ratio: number;
}

/** Stretch standing in for TeX's fil: large enough to absorb any gap, finite so sums stay exact. */
export const FIL = 1e6;

interface Node {
  position: number;
  line: number;
  fitness: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  ratio: number;
  flagged: boolean;
  previous: Node | undefined;
}

/** Returns the chosen breaks, or undefined when no set of lines satisfies the tolerance. */
export function breakLines(items: readonly KPItem[], lineWidth: (line: number) => number, options: KPOptions): KPBreak[] | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 3000;
  const fitnessDemerits = options.fitnessDemerits ?? 3000;
  const finalFlaggedDemerits = options.finalFlaggedDemerits ?? 5000;
  const looseness = options.looseness ?? 0;
  let active: Node[] = [
    { position: 0, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, flagged: false, previous: undefined },
  ];
  let width = 0;
  let stretch = 0;
  let shrink = 0;

  const tryBreak = (index: number) => {
    const item = items[index]!;
    const penalty = item.type === 'penalty' ? item.penalty : 0;
    const flagged = item.type === 'penalty' && item.flagged;
    const extraWidth = item.type === 'penalty' ? item.width : 0;
    // With a looseness, every line count is a class of its own (as in TeX), so that other counts survive.
    const best: { demerits: number; node: Node; ratio: number; fitness: number }[] = [];
    const survivors: Node[] = [];
    for (const node of active) {
      const length = width - node.width + extraWidth;
      const target = lineWidth(node.line);
      let ratio = 0;
      // For a line that cannot stretch at all, badness grows with the gap as if it had 1pt of stretch.
      let badnessRatio = 0;
      if (length < target) {
        const available = stretch - node.stretch;
        ratio = available > 0 ? (target - length) / available : Infinity;
        badnessRatio = available > 0 ? ratio : target - length;
      } else if (length > target) {
        const available = shrink - node.shrink;
        ratio = available > 0 ? (target - length) / available : -Infinity;
        badnessRatio = ratio;
      }
      if (ratio >= -1 && penalty !== -Infinity) survivors.push(node);
      if (ratio < -1 || ratio > options.tolerance) continue;
      // Uncapped (unlike TeX's 10000) so that an emergency pass still prefers the fuller of two bad lines.
      const badness = 100 * Math.abs(badnessRatio) ** 3;
      let demerits = (linePenalty + badness) ** 2;
      if (penalty >= 0) demerits += penalty ** 2;
      else if (penalty !== -Infinity) demerits -= penalty ** 2;
      if (flagged && node.flagged) demerits += flaggedDemerits;
      if (node.flagged && index === items.length - 1) demerits += finalFlaggedDemerits;
      const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
      if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
      demerits += node.demerits;
      const key = looseness === 0 ? fitness : fitness + 4 * (node.line + 1);
      const current = best[key];
      if (!current || demerits < current.demerits) best[key] = { demerits, node, ratio, fitness };
    }
    active = survivors;
    if (best.length === 0) return;
    // Totals after the break: glue and penalties right after it are discarded at a line start.
    let afterWidth = width;
    let afterStretch = stretch;
    let afterShrink = shrink;
    for (let next = index; next < items.length; next++) {
      const following = items[next]!;
      if (following.type === 'box') break;
      if (following.type === 'glue') {
        afterWidth += following.width;
        afterStretch += following.stretch;
        afterShrink += following.shrink;
      } else if (following.penalty === -Infinity && next > index) break;
    }
    best.forEach((candidate) => {
      const fitness = candidate.fitness;
      active.push({
        position: index,
        line: candidate.node.line + 1,
        fitness,
        width: afterWidth,
        stretch: afterStretch,
        shrink: afterShrink,
        demerits: candidate.demerits,
        ratio: candidate.ratio,
        flagged,
        previous: candidate.node,
      });
    });
  };

  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (item.type === 'box') {
      width += item.width;
      if (item.stretch) stretch += item.stretch;
    } else if (item.type === 'glue') {
      if (index > 0 && items[index - 1]!.type === 'box') tryBreak(index);
      width += item.width;
      stretch += item.stretch;
      shrink += item.shrink;
    } else if (item.penalty !== Infinity) {
      tryBreak(index);
    }
    if (active.length === 0) return undefined;
  }
  const last = items.length - 1;
  const finals = active.filter((node) => node.position === last);
  if (finals.length === 0) return undefined;
  let chosen = finals.reduce((a, b) => (b.demerits < a.demerits ? b : a));
  if (looseness !== 0) {
    const wanted = chosen.line + looseness;
    const distance = (node: Node) => Math.abs(node.line - wanted);
    chosen = finals.reduce((a, b) => (distance(b) < distance(a) || (distance(b) === distance(a) && b.demerits < a.demerits) ? b : a));
  }
  const breaks: KPBreak[] = [];
  for (let node: Node | undefined = chosen; node && node.previous; node = node.previous) {
    breaks.unshift({ position: node.position, ratio: node.ratio });
    chosen = node;
  }
  return breaks;
}
