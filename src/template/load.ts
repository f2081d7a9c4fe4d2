import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { VFile } from 'vfile';
import { isMap, isScalar } from 'yaml';
import { reportError } from '../core/diagnostics.js';
import { closestName } from '../core/suggest.js';
import { issueKeyPath, issueNode, issueSubject, parseYaml, type YamlSource } from '../core/yaml-schema.js';
import type { FontResolver, KindInfo } from './kinds.js';
import { LAYOUT_FILES, parseLayout, type LayoutKind } from './layout.js';
import { EBOOK_SCHEMA, MOVED_FROM_PRINT, NOT_A_MAPPING, printFileSchema, printThemeSchema } from './schema.js';
import type { Template } from './theme.js';

/** The folder of built-in templates shipped with Pressroom. */
export const BUILTIN_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_TEMPLATE = 'article';
const requireFromPackage = createRequire(path.join(BUILTIN_TEMPLATES_DIR, '..', 'package.json'));

/** The file that makes a folder a template, and the one beside it with the ebook's settings. */
const PRINT_FILE = 'print.yaml';
const EBOOK_FILE = 'ebook.yaml';

/** Raised when a template cannot be used; its messages point into the template's files. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly files: VFile[],
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function builtinTemplateNames(): string[] {
  return fs
    .readdirSync(BUILTIN_TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(BUILTIN_TEMPLATES_DIR, entry.name, PRINT_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/** A template reference is a path when it looks like one; otherwise it names a built-in template. */
export function isTemplatePath(reference: string): boolean {
  return reference.includes('/') || reference.includes('\\') || reference.startsWith('.');
}

/** Finds the folder a template reference means, or undefined when there is none. */
export function resolveTemplateDir(reference: string, baseDir: string): string | undefined {
  const dir = isTemplatePath(reference) ? path.resolve(baseDir, reference) : path.join(BUILTIN_TEMPLATES_DIR, reference);
  return fs.existsSync(path.join(dir, PRINT_FILE)) ? dir : undefined;
}

/** Keys and values of one YAML file as its schema converted them (lengths in points, fonts found), unmerged. */
interface Tree {
  [key: string]: unknown;
}

type SchemaWithEntries = v.GenericSchema & { entries: v.ObjectEntries };

interface Link {
  dir: string;
  print: Tree;
  ebook: Tree;
  cssPath: string | undefined;
}

/** Loads a template folder and its `extends` chain, validating every file strictly. */
export function loadTemplate(dir: string): Template {
  const chain: Link[] = [];
  const seen = new Set<string>();
  const files: string[] = [];
  let current: string | undefined = path.resolve(dir);
  while (current) {
    if (seen.has(current)) {
      const file = new VFile({ path: path.join(current, PRINT_FILE) });
      reportError(file, 'templates extend each other in a circle; break the chain of extends:', { line: 1, column: 1 }, 'template');
      throw new TemplateError(`template ${path.basename(dir)} extends itself`, [file]);
    }
    seen.add(current);
    const printPath = path.join(current, PRINT_FILE);
    const printFile = new VFile({ path: printPath, value: fs.readFileSync(printPath, 'utf8') });
    files.push(printPath);
    const { values: print, parent } = readPrintFile(printFile, current);
    const ebookPath = path.join(current, EBOOK_FILE);
    const ebookFile = fs.existsSync(ebookPath) ? new VFile({ path: ebookPath, value: fs.readFileSync(ebookPath, 'utf8') }) : undefined;
    if (ebookFile) files.push(ebookPath);
    const ebook = ebookFile ? readSettings(ebookFile, v.strictObject(EBOOK_SCHEMA.entries, NOT_A_MAPPING), 'ebook settings must be a mapping of keys (embed_fonts: …)') : {};
    const failed = [printFile, ...(ebookFile ? [ebookFile] : [])].filter((file) => file.messages.some((message) => message.fatal));
    if (failed.length > 0) throw new TemplateError(`template ${path.basename(current)} has errors`, failed);
    const cssPath = path.join(current, 'ebook.css');
    const hasCss = fs.existsSync(cssPath);
    if (hasCss) files.push(cssPath);
    chain.unshift({ dir: current, print, ebook, cssPath: hasCss ? cssPath : undefined });
    current = parent;
  }
  const printTheme = complete(printThemeSchema(foundAlready), chain.map((link) => link.print), path.join(dir, PRINT_FILE));
  const ebookTheme = complete(EBOOK_SCHEMA, chain.map((link) => link.ebook), path.join(dir, PRINT_FILE));
  for (const faces of Object.values(printTheme.fonts)) {
    if (Array.isArray(faces)) files.push(...faces);
    else for (const face of [faces.regular, faces.italic, faces.bold, faces.boldItalic]) if (face) files.push(face);
  }
  const ebookCss = chain
    .filter((link) => link.cssPath)
    .map((link) => fs.readFileSync(link.cssPath!, 'utf8'))
    .join('\n');
  const ebookLayouts: Template['ebookLayouts'] = {};
  for (const [kind, fileName] of Object.entries(LAYOUT_FILES) as [LayoutKind, string][]) {
    // The nearest template that has the file wins: a descendant's layout replaces its ancestors'.
    const owner = [...chain].reverse().find((link) => fs.existsSync(path.join(link.dir, fileName)));
    if (!owner) continue;
    const layoutPath = path.join(owner.dir, fileName);
    const file = new VFile({ path: layoutPath, value: fs.readFileSync(layoutPath, 'utf8') });
    files.push(layoutPath);
    const layout = parseLayout(file, kind);
    if (!layout) throw new TemplateError(`template ${path.basename(owner.dir)} has errors in ${fileName}`, [file]);
    ebookLayouts[kind] = layout;
  }
  return { name: path.basename(dir), dir: path.resolve(dir), print: printTheme, ebook: ebookTheme, ebookCss, ebookLayouts, files: [...new Set(files)] };
}

/** Reads `print.yaml`: its keys, and the template it extends (`article` unless it names another, none for `article`). */
function readPrintFile(file: VFile, dir: string): { values: Tree; parent: string | undefined } {
  const isDefault = path.resolve(dir) === path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE);
  let parent = isDefault ? undefined : path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE);
  const parsed = parseYaml(String(file.value));
  if (!parsed.source) {
    for (const problem of parsed.problems) reportError(file, problem.message, problem.point, 'template-yaml');
    return { values: {}, parent: undefined };
  }
  const root = parsed.source.document.contents;
  if (isMap(root)) {
    const extendsPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'extends');
    if (extendsPair) {
      const reference = isScalar(extendsPair.value) ? String(extendsPair.value.value ?? '') : '';
      parent = reference ? resolveTemplateDir(reference, dir) : undefined;
      if (!parent) {
        reportError(
          file,
          `extends: "${reference}" is not a template; name a built-in one (${builtinTemplateNames().join(', ')}) or a folder holding print.yaml`,
          parsed.source.at(extendsPair.value ?? extendsPair.key),
          'template-extends',
        );
      }
    }
  }
  const { extends: _extends, ...values } = check(file, parsed.source, printFileSchema(fontsBeside(dir)), 'a print theme must be a mapping of sections (page:, fonts:, base: …)', MOVED_FROM_PRINT);
  return { values, parent };
}

/** Reads a YAML file of settings other than `print.yaml` (`ebook.yaml`). */
function readSettings(file: VFile, schema: SchemaWithEntries, rootMessage: string): Tree {
  const parsed = parseYaml(String(file.value));
  if (!parsed.source) {
    for (const problem of parsed.problems) reportError(file, problem.message, problem.point, 'template-yaml');
    return {};
  }
  return check(file, parsed.source, schema, rootMessage);
}

/**
 * Checks one file against its schema with every key optional (a template sets only what differs
 * from the one it extends), reporting each problem at its node. Returns the converted values.
 */
function check(file: VFile, source: YamlSource, schema: SchemaWithEntries, rootMessage: string, moved: typeof MOVED_FROM_PRINT = {}): Tree {
  const root = source.document.contents;
  if (root === null) return {};
  if (!isMap(root)) {
    reportError(file, rootMessage, source.at(root), 'template');
    return {};
  }
  const result = v.safeParse(optionalKeys(schema), source.document.toJS());
  if (result.success) return result.output as Tree;
  const problems = result.issues.map((issue) => {
    const keys = issueKeyPath(issue.path);
    const point = source.at(issueNode(source.document, issue.path));
    if (issueSubject(issue) === 'unknown key') {
      return { message: unknownKeyMessage(schema, keys, moved), point, ruleId: 'template-key' };
    }
    return { message: `"${keys.join('.')}": ${issue.message}`, point, ruleId: 'template-value' };
  });
  problems.sort((a, b) => a.point.line - b.point.line || a.point.column - b.point.column);
  for (const problem of problems) reportError(file, problem.message, problem.point, problem.ruleId);
  return {};
}

function unknownKeyMessage(schema: v.GenericSchema, keys: string[], moved: typeof MOVED_FROM_PRINT): string {
  const key = keys.at(-1)!;
  const prefix = keys.slice(0, -1).map((part) => `${part}.`).join('');
  const relocation = keys.length === 1 ? moved[key] : undefined;
  if (relocation) {
    return `"${key}" no longer belongs in print.yaml: its keys (${relocation.keys}) go in ${relocation.file} beside it, without the "${key}:" line and unindented`;
  }
  const known = keysAt(schema, keys.slice(0, -1));
  const suggestion = closestName(key, known);
  return `unknown key "${prefix}${key}"${suggestion ? `; did you mean "${prefix}${suggestion}"?` : `; known keys here: ${known.join(', ')}`}`;
}

/** The keys the schema allows inside the section (or mapping-valued kind) at `keys`. */
function keysAt(schema: v.GenericSchema, keys: string[]): string[] {
  let node: v.GenericSchema | undefined = schema;
  for (const key of keys) node = entriesOf(node)?.[key];
  const entries = entriesOf(node);
  if (entries) return Object.keys(entries);
  return [...((node && (v.getMetadata(node as never) as KindInfo).keys) ?? [])];
}

function entriesOf(schema: v.GenericSchema | undefined): v.ObjectEntries | undefined {
  let node = schema as (v.GenericSchema & { wrapped?: v.GenericSchema; entries?: v.ObjectEntries }) | undefined;
  while (node?.wrapped) node = node.wrapped as typeof node;
  return node?.entries;
}

/**
 * The schema as one file of an `extends` chain is checked: every key optional and an empty section
 * allowed, without the sections' own transforms (they need every key). Values are converted as the
 * full schema converts them, and converted values convert to themselves, so the merged chain can be
 * checked again by the full schema.
 */
function optionalKeys(schema: v.GenericSchema): v.GenericSchema {
  const entries = entriesOf(schema);
  if (!entries) return schema;
  const optional = Object.fromEntries(
    Object.entries(entries).map(([key, entry]) => {
      const inner = entriesOf(entry) ? v.nullish(optionalKeys(entry)) : unwrapOptional(entry);
      return [key, v.optional(inner)];
    }),
  );
  return v.strictObject(optional, NOT_A_MAPPING);
}

function unwrapOptional(schema: v.GenericSchema): v.GenericSchema {
  return schema.type === 'optional' ? ((schema as unknown as { wrapped: v.GenericSchema }).wrapped) : schema;
}

/** The chain's values merged (the nearest template wins), checked by the full schema: the typed theme. */
function complete<S extends v.GenericSchema>(schema: S, trees: Tree[], yamlPath: string): v.InferOutput<S> {
  const merged = trees.reduce<Tree>((accumulated, tree) => deepMerge(accumulated, tree), {});
  const result = v.safeParse(schema, merged);
  if (result.success) return result.output;
  const missing = result.issues.map((issue) => (issueSubject(issue) === 'missing key' ? issueKeyPath(issue.path).join('.') : issue.message));
  const file = new VFile({ path: yamlPath });
  reportError(file, `the template leaves these keys unset: ${missing.join(', ')}; set them or extend a complete template`, { line: 1, column: 1 }, 'template');
  throw new TemplateError(`template ${path.basename(path.dirname(yamlPath))} is incomplete`, [file]);
}

function deepMerge(base: Tree, override: Tree): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined || value === null) continue;
    const existing = result[key];
    result[key] = isTree(existing) && isTree(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fonts named relative to the template's folder, or as `npm:package/file.ttf`. */
function fontsBeside(dir: string): FontResolver {
  return (reference) => {
    let resolved: string;
    if (reference.startsWith('npm:')) {
      try {
        resolved = requireFromPackage.resolve(reference.slice(4));
      } catch {
        return { message: `font "${reference}" was not found in node_modules; install the package that holds it` };
      }
    } else {
      resolved = path.resolve(dir, reference);
    }
    return fs.existsSync(resolved) ? { path: resolved } : { message: `font file "${reference}" not found (looked for ${resolved})` };
  };
}

/** After each file was checked, the merged chain's fonts are absolute paths already found. */
const foundAlready: FontResolver = (reference) => ({ path: reference });
