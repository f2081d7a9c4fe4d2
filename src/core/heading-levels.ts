/**
 * Heading levels that never skip one (PDF/UA-1 7.4.2; WCAG's and Ace's heading order): each heading is
 * written one level below the nearest heading before it that was given a shallower level, so `###`
 * straight after `#` becomes the second level, and a later `##` stays beside it. Levels that do not
 * skip are kept as given.
 */
export class HeadingLevels {
  /** Headings a deeper one may nest under: their level as given, and as written. */
  private readonly open: { given: number; written: number }[] = [];

  /** The level to write for the next heading, given `given`. */
  next(given: number): number {
    while (this.open.length > 0 && this.open[this.open.length - 1]!.given >= given) this.open.pop();
    const written = Math.min(given, (this.open[this.open.length - 1]?.written ?? 0) + 1);
    this.open.push({ given, written });
    return written;
  }
}
