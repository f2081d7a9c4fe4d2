/**
 * The README's tables of template keys, written from the schema (each key's kind and description)
 * and the built-in templates' own files (the `article` defaults, and where `handout` or `archival`
 * differ). `npm run template-docs` writes them into the README; a test fails when they disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { parseYaml, type YamlSource } from '../core/yaml-schema.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE } from './load.js';
import { EBOOK_SCHEMA, printFileSchema, type RowInfo } from './schema.js';

interface Row {
  /** Key paths, each as its parts: one row may document several neighbouring keys. */
  keys: string[][];
  types: string[];
  description: string;
}

interface Builtin {
  name: string;
  text: string;
  source: YamlSource | undefined;
}

const TABLE_HEAD = '| key | type | `article` default (other built-ins where they differ) | meaning |\n| --- | --- | --- | --- |';

/** The Markdown key tables of `print.yaml` and `ebook.yaml`. */
export function templateKeyTables(templatesDir = BUILTIN_TEMPLATES_DIR): { print: string; ebook: string } {
  const unresolved = () => ({ message: 'not resolved for the documentation' });
  return {
    print: table(rowsOf(printFileSchema(unresolved), []), builtinFiles(templatesDir, 'print.yaml')),
    ebook: table(rowsOf(EBOOK_SCHEMA, []), builtinFiles(templatesDir, 'ebook.yaml')),
  };
}

/** Where each table goes in the README: between its marker and the end marker. */
export const TABLE_MARKERS = {
  print: '<!-- keys of print.yaml: written by `npm run template-docs` from src/template/schema.ts -->',
  ebook: '<!-- keys of ebook.yaml: written by `npm run template-docs` from src/template/schema.ts -->',
  end: '<!-- end of generated keys -->',
} as const;

/** The README with its key tables replaced by `tables`; throws when a marker is missing. */
export function withKeyTables(readme: string, tables: { print: string; ebook: string }): string {
  let result = readme;
  for (const which of ['print', 'ebook'] as const) {
    const start = result.indexOf(TABLE_MARKERS[which]);
    const end = start === -1 ? -1 : result.indexOf(TABLE_MARKERS.end, start);
    if (start === -1 || end === -1) throw new Error(`README.md lacks the markers ${TABLE_MARKERS[which]} … ${TABLE_MARKERS.end}`);
    result = `${result.slice(0, start + TABLE_MARKERS[which].length)}\n${tables[which]}\n${result.slice(end)}`;
  }
  return result;
}

function builtinFiles(templatesDir: string, fileName: string): Builtin[] {
  const names = fs
    .readdirSync(templatesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(templatesDir, entry.name, 'print.yaml')))
    .map((entry) => entry.name)
    .sort((a, b) => (a === DEFAULT_TEMPLATE ? -1 : b === DEFAULT_TEMPLATE ? 1 : a.localeCompare(b)));
  return names.map((name) => {
    const file = path.join(templatesDir, name, fileName);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    return { name, text, source: parseYaml(text).source };
  });
}

function unwrap(schema: v.GenericSchema): v.GenericSchema {
  return schema.type === 'optional' ? (schema as unknown as { wrapped: v.GenericSchema }).wrapped : schema;
}

function rowsOf(schema: v.GenericSchema, prefix: string[]): Row[] {
  const entries = (schema as { entries?: v.ObjectEntries }).entries ?? {};
  const rows: Row[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const inner = unwrap(entry);
    const keys = [...prefix, key];
    const info = v.getMetadata(inner as never) as Partial<RowInfo>;
    if ((inner as { entries?: unknown }).entries && !info.row) {
      rows.push(...rowsOf(inner, keys));
      continue;
    }
    const description = v.getDescription(inner as never);
    if (!info.type || !description) throw new Error(`template key ${keys.join('.')} has no type or description for the README`);
    const row: Row = { keys: [keys], types: [info.type], description };
    const previous = rows.at(-1);
    // Neighbouring keys of one section that mean the same are documented in one row.
    if (previous && previous.description === description && previous.keys[0]!.slice(0, -1).join('.') === prefix.join('.')) {
      previous.keys.push(keys);
      if (!previous.types.includes(info.type)) previous.types.push(info.type);
    } else {
      rows.push(row);
    }
  }
  return rows;
}

function table(rows: Row[], builtins: Builtin[]): string {
  const [defaults, ...others] = builtins;
  const lines = rows.map((row) => {
    const keys = row.keys.map((parts, index) => `\`${index === 0 ? parts.join('.') : parts.at(-1)}\``).join(', ');
    const values = row.keys.map((parts) => valueAt(defaults!, parts));
    const defaultCell = values.every((value) => value === values[0]) ? values[0]! : values.join(', ');
    const differences = others.flatMap((other) => {
      const changed = row.keys.filter((parts) => other.source && nodeAt(other.source, parts) !== undefined && valueAt(other, parts) !== valueAt(defaults!, parts));
      if (changed.length === 0) return [];
      if (row.keys.length === 1) return [`${other.name}: ${valueAt(other, changed[0]!)}`];
      return [`${other.name}: ${changed.map((parts) => `${parts.at(-1)} ${valueAt(other, parts)}`).join(', ')}`];
    });
    const cell = differences.length > 0 ? `${defaultCell} (${differences.join('; ')})` : defaultCell;
    return `| ${keys} | ${row.types.join(', ')} | ${cell} | ${row.description} |`;
  });
  return [TABLE_HEAD, ...lines].join('\n');
}

function nodeAt(source: YamlSource, parts: string[]): unknown {
  return source.document.getIn(parts, true) ?? undefined;
}

/** A value as the README shows it: as written, a font file by its family's name, `—` when unset. */
function valueAt(builtin: Builtin, parts: string[]): string {
  const node = builtin.source ? (nodeAt(builtin.source, parts) as YamlNode | undefined) : undefined;
  if (node === undefined || node === null) return '—';
  if (isScalar(node)) {
    if (typeof node.value === 'string' && /\.(ttf|otf)$/i.test(node.value)) return fontName(node.value);
    return node.value === '' ? '`""`' : `\`${String(node.value)}\``;
  }
  if (isSeq(node)) return node.items.map((item) => (isScalar(item) ? fontName(String(item.value)) : '?')).join(', ');
  if (isMap(node)) {
    const regular = node.get('regular', true);
    if (isScalar(regular)) return fontName(String(regular.value));
    const [start = 0, end = 0] = node.range ?? [];
    return `\`${builtin.text.slice(start, end).trim()}\``;
  }
  return '?';
}

/** `npm:@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf` → "Noto Serif Bold". */
function fontName(file: string): string {
  const [family = '', style = ''] = path.basename(file).replace(/\.(ttf|otf)$/i, '').split('_');
  const words = family.replace(/([a-z])([A-Z0-9])/g, '$1 $2');
  const weight = style.replace(/^\d+/, '');
  return weight && weight !== 'Regular' ? `${words} ${weight.replace(/([a-z])([A-Z])/g, '$1 $2')}` : words;
}
