/**
 * The kinds of value a template key takes (a length, a color, a font file …), each a valibot schema
 * that turns what YAML gives into what the renderers use (lengths in points, colors as `#rrggbb`,
 * fonts as absolute paths) and says, when it cannot, what is wrong and how to write it.
 *
 * Every kind turns its own output back into itself (12pt → 12 → 12), because a template's values
 * are checked file by file and then once more after the `extends` chain is merged.
 * The metadata's `type` is how the README's key table names the values a key takes.
 */
import * as v from 'valibot';
import { describeValue } from '../core/yaml-schema.js';
import { closestName } from '../core/suggest.js';

export interface KindInfo {
  /** The values a key takes, as the README's key table writes them (Markdown). */
  type: string;
  /** For a kind that may be a mapping (a margin): its keys, for "did you mean". */
  keys?: readonly string[];
}

export const UNITS: Record<string, number> = { pt: 1, mm: 72 / 25.4, cm: 72 / 2.54, in: 72, px: 0.75 };

export const PAGE_SIZES = {
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
  Letter: [612, 792],
  Legal: [612, 1008],
} as const satisfies Record<string, readonly [number, number]>;
export type PageSizeName = keyof typeof PAGE_SIZES;
const PAGE_SIZE_NAMES = Object.keys(PAGE_SIZES) as PageSizeName[];

/** Finds a font file a template names; `message` when there is none to be had. */
export type FontResolver = (reference: string) => { path: string } | { message: string };

const code = (value: string | number): string => `\`${value}\``;

/** Why a value was refused; what a kind's own check returns instead of the value. */
class Refusal {
  constructor(readonly message: string) {}
}
const refuse = (message: string): Refusal => new Refusal(message);

/** A kind whose check is our own code: `convert` returns the value, or a refusal saying why not. */
function custom<T>(type: string, convert: (input: unknown) => T | Refusal) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const converted = convert(dataset.value);
      if (!(converted instanceof Refusal)) return converted;
      addIssue({ message: converted.message });
      return NEVER;
    }),
    v.metadata({ type } satisfies KindInfo),
  );
}

/** Points from `12pt`, `18mm`, `0.5in` …; a bare number is points. */
export function parseLength(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(pt|mm|cm|in|px)$/.exec(value.trim());
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

export const length = (description: string) =>
  v.pipe(
    custom('length', (input) => parseLength(input) ?? refuse(`${describeValue(input)} is not a length; write a number with a unit: pt, mm, cm, in or px (e.g. 12pt, 18mm)`)),
    v.description(description),
  );

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
export type Margin = Record<(typeof SIDES)[number], number>;
const marginSides = v.strictObject(
  Object.fromEntries(SIDES.map((side) => [side, v.optional(length(`the ${side} margin`))])) as Record<(typeof SIDES)[number], v.OptionalSchema<ReturnType<typeof length>, undefined>>,
);

/** One length for all four sides, or each side by name. */
export const margin = (description: string) =>
  v.pipe(
    v.unknown(),
    v.rawTransform<unknown, Margin>(({ dataset, addIssue, NEVER }) => {
      const all = parseLength(dataset.value);
      if (all !== undefined) return { top: all, right: all, bottom: all, left: all };
      if (dataset.value === null || typeof dataset.value !== 'object' || Array.isArray(dataset.value)) {
        addIssue({ message: 'give one length for all sides (e.g. 18mm) or top, right, bottom and left' });
        return NEVER;
      }
      const sides = v.safeParse(marginSides, dataset.value);
      if (!sides.success) {
        for (const issue of sides.issues) addIssue({ message: issue.message, input: issue.input, path: issue.path, expected: issue.expected ?? undefined, received: issue.received });
        return NEVER;
      }
      const missing = SIDES.filter((side) => sides.output[side] === undefined);
      if (missing.length > 0) {
        addIssue({ message: `give all four sides; missing: ${missing.join(', ')}` });
        return NEVER;
      }
      return sides.output as Margin;
    }),
    v.metadata({ type: `length, or ${SIDES.map(code).join('/')}`, keys: SIDES } satisfies KindInfo),
    v.description(description),
  );

/** A paper size by name; the page section turns it into a width and a height. */
export const pageSize = (description: string) =>
  v.pipe(
    v.picklist(PAGE_SIZE_NAMES, (issue) => {
      const suggestion = typeof issue.input === 'string' ? closestName(issue.input, PAGE_SIZE_NAMES) : undefined;
      return `${describeValue(issue.input)} is not a page size; use ${PAGE_SIZE_NAMES.join(', ')}${suggestion ? ` (did you mean ${suggestion}?)` : ''}, or set page.width and page.height`;
    }),
    v.metadata({ type: PAGE_SIZE_NAMES.map(code).join(', ') } satisfies KindInfo),
    v.description(description),
  );

export const number = (min: number, max: number, description: string) => {
  const message = (issue: v.BaseIssue<unknown>) => `${describeValue(issue.input)} must be a number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message), v.metadata({ type: `number ${min}–${max}` } satisfies KindInfo), v.description(description));
};

export const choice = <const T extends readonly (string | number)[]>(values: T, description: string) =>
  v.pipe(
    v.picklist(values, (issue) => `${describeValue(issue.input)} is not allowed; use one of: ${values.join(', ')}`),
    v.metadata({ type: values.length === 2 ? `${code(values[0]!)} or ${code(values[1]!)}` : values.map(code).join(', ') } satisfies KindInfo),
    v.description(description),
  );

export const boolean = (description: string) =>
  v.pipe(
    v.boolean((issue) => `${describeValue(issue.input)} must be true or false`),
    v.metadata({ type: 'boolean' } satisfies KindInfo),
    v.description(description),
  );

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
export const color = (description: string) => {
  const message = (issue: v.BaseIssue<unknown>) => `${describeValue(issue.input)} is not a color; write it as #rgb or #rrggbb in quotes, e.g. "#1a1a1a"`;
  return v.pipe(
    v.string(message),
    v.regex(COLOR, message),
    v.transform((value) => {
      const lower = value.toLowerCase();
      return lower.length === 4 ? `#${lower[1]}${lower[1]}${lower[2]}${lower[2]}${lower[3]}${lower[3]}` : lower;
    }),
    v.metadata({ type: 'color' } satisfies KindInfo),
    v.description(description),
  );
};

/** Text; an empty value is empty text. */
export const text = (description: string, type = 'text') =>
  v.pipe(
    v.nullable(v.string('must be text')),
    v.transform((value) => value ?? ''),
    v.metadata({ type } satisfies KindInfo),
    v.description(description),
  );

/** Text with `{placeholder}` fields, each of which must be one of `known`. */
export const textWithPlaceholders = (known: readonly string[], description: string) =>
  v.pipe(
    v.nullable(v.string('must be text, with placeholders such as {title} or {page}')),
    v.transform((value) => value ?? ''),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const match of dataset.value.matchAll(/\{([^{}]*)\}/g)) {
        const placeholder = match[1]!;
        if (known.includes(placeholder)) continue;
        const suggestion = closestName(placeholder, known);
        addIssue({
          message: `unknown placeholder {${placeholder}}${suggestion ? `; did you mean {${suggestion}}?` : '.'} Known placeholders: ${known.map((name) => `{${name}}`).join(', ')}`,
        });
        return;
      }
    }),
    v.metadata({ type: 'text with placeholders' } satisfies KindInfo),
    v.description(description),
  );

const fontReference = (input: unknown, resolve: FontResolver): string | Refusal => {
  if (typeof input !== 'string') return refuse('must be the path of a .ttf or .otf file');
  if (!/\.(ttf|otf)$/i.test(input)) return refuse(`"${input}" is not a TrueType or OpenType file (.ttf or .otf); WOFF and WOFF2 are not supported in PDFs`);
  const found = resolve(input);
  return 'path' in found ? found.path : refuse(found.message);
};

/** A `.ttf`/`.otf` file, relative to the template's folder or `npm:package/file.ttf`; an absolute path. */
export const fontFile = (resolve: FontResolver, description: string) =>
  v.pipe(
    custom('font file', (input) => fontReference(input, resolve)),
    v.description(description),
  );

export const fontFiles = (resolve: FontResolver, description: string) =>
  v.pipe(
    v.array(custom('font file', (input) => fontReference(input, resolve)), 'must be a list of .ttf or .otf files'),
    v.metadata({ type: 'list of font files' } satisfies KindInfo),
    v.description(description),
  );
