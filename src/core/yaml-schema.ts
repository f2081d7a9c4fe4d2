/**
 * YAML data files checked against a valibot schema, with every problem at its line and column:
 * the template files (`print.yaml`, `ebook.yaml`) and the label files of each language.
 */
import type * as v from 'valibot';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Point } from './diagnostics.js';

/** A parsed YAML file and a way to find where each of its nodes starts. */
export interface YamlSource {
  document: Document.Parsed;
  at(node: unknown): Point;
}

/** One problem with a YAML file, already placed. */
export interface YamlProblem {
  message: string;
  point: Point;
  ruleId: string;
}

/**
 * Parses YAML 1.2 with the core schema (so `yes` stays a string) and unique keys; syntax errors
 * come back as problems instead of a document.
 */
export function parseYaml(text: string): { source: YamlSource; problems: [] } | { source: undefined; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false });
  const pointOf = (offset: number): Point => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  if (document.errors.length > 0) {
    return {
      source: undefined,
      problems: document.errors.map((error) => ({ message: `YAML syntax error: ${error.message.split('\n')[0]}`, point: pointOf(error.pos[0]), ruleId: 'yaml' })),
    };
  }
  const at = (node: unknown): Point => pointOf((node as YamlNode | null | undefined)?.range?.[0] ?? 0);
  return { source: { document, at }, problems: [] };
}

/**
 * The node a valibot issue is about: the key itself when the issue is about a key (an unknown
 * one), otherwise the value; the nearest node that exists when the value is missing.
 */
export function issueNode(document: Document.Parsed, path: readonly v.IssuePathItem[] | undefined): unknown {
  let node: unknown = document.contents;
  for (const item of path ?? []) {
    if (isMap(node)) {
      const pair = node.items.find((candidate) => isScalar(candidate.key) && String(candidate.key.value) === String(item.key));
      if (!pair) return node;
      if (item.type === 'object' && item.origin === 'key') return pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const next = node.items[Number(item.key)];
      if (next === undefined) return node;
      node = next;
    } else {
      return node;
    }
  }
  return node;
}

/**
 * What an issue is about: a key the schema does not know, a key it needs that is not there, or a
 * value. (valibot marks both key issues as about the key; an unknown key is one that expected nothing.)
 */
export function issueSubject(issue: v.BaseIssue<unknown>): 'unknown key' | 'missing key' | 'value' {
  const last = issue.path?.at(-1);
  if (last?.type !== 'object' || last.origin !== 'key') return 'value';
  return issue.expected === 'never' ? 'unknown key' : 'missing key';
}

/** The keys along an issue's path that name settings (list positions left out): `fonts.fallback`. */
export function issueKeyPath(path: readonly v.IssuePathItem[] | undefined): string[] {
  return (path ?? []).filter((item) => item.type !== 'array').map((item) => String(item.key));
}

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** An object type with its snake_case keys (as YAML files write them) in camelCase (as TypeScript does). */
export type CamelKeys<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

/** `font_size` → `fontSize`, for one level of an object; nested objects are converted by their own schemas. */
export function camelKeys<T extends object>(value: T): CamelKeys<T> {
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()), entry])) as CamelKeys<T>;
}

/** `"yes"`, `3`, or "this value" for a mapping or list, as a message quotes what it refuses. */
export function describeValue(value: unknown): string {
  return value !== null && typeof value === 'object' ? 'this value' : value === undefined ? 'this value' : JSON.stringify(value);
}
