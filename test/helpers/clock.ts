import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DAY = 24 * 60 * 60 * 1000;

/** Moves the wall clock of the process it is loaded into (and its worker threads') by CLOCK_SHIFT_DAYS. */
const SHIFT_CLOCK = `
const shift = Number(process.env.CLOCK_SHIFT_DAYS ?? 0) * ${DAY};
const RealDate = Date;
globalThis.Date = class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...args);
  }
  static now() {
    return RealDate.now() + shift;
  }
};
`;

/** Writes the clock shifter into `dir`; returns the `--import=…` flag that loads it (CLOCK_SHIFT_DAYS sets the shift). */
export function clockShifter(dir: string): string {
  const file = path.join(dir, 'shift-clock.mjs');
  fs.writeFileSync(file, SHIFT_CLOCK);
  return `--import=${pathToFileURL(file).href}`;
}
