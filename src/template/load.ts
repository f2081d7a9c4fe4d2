import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { reportError, type Point } from '../core/diagnostics.js';
import { closestName } from '../core/suggest.js';
import { LAYOUT_FILES, parseLayout, type LayoutKind } from './layout.js';
import { isLeaf, PAGE_SIZES, PLACEHOLDER_NAMES, PRINT_SCHEMA, UNITS, type Leaf, type Section } from './schema.js';
import type { FontFaces, PrintTheme, RunningLine, Template } from './theme.js';

/** The folder of built-in templates shipped with Pressroom. */
export const BUILTIN_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_TEMPLATE = 'article';
const requireFromPackage = createRequire(path.join(BUILTIN_TEMPLATES_DIR, '..', 'package.json'));

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
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(BUILTIN_TEMPLATES_DIR, entry.name, 'print.yaml')))
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
  return fs.existsSync(path.join(dir, 'print.yaml')) ? dir : undefined;
}

/** A leaf whose value is itself structured; never deep-merged, always replaced whole. */
class Composite<T> {
  constructor(readonly value: T) {}
}
type Value = number | string | boolean | string[] | Composite<Margin> | Composite<PageSize>;
interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
interface PageSize {
  width: number;
  height: number;
}
interface Tree {
  [key: string]: Value | Tree;
}

/** Loads a template folder and its `extends` chain, validating every file strictly. */
export function loadTemplate(dir: string): Template {
  const chain: { dir: string; values: Tree; cssPath: string | undefined }[] = [];
  const seen = new Set<string>();
  const files: string[] = [];
  let current: string | undefined = path.resolve(dir);
  while (current) {
    if (seen.has(current)) {
      const file = new VFile({ path: path.join(current, 'print.yaml') });
      reportError(file, 'templates extend each other in a circle; break the chain of extends:', { line: 1, column: 1 }, 'template');
      throw new TemplateError(`template ${path.basename(dir)} extends itself`, [file]);
    }
    seen.add(current);
    const yamlPath = path.join(current, 'print.yaml');
    const file = new VFile({ path: yamlPath, value: fs.readFileSync(yamlPath, 'utf8') });
    files.push(yamlPath);
    const { values, parent } = readThemeFile(file, current);
    if (file.messages.some((message) => message.fatal)) throw new TemplateError(`template ${path.basename(current)} has errors`, [file]);
    const cssPath = path.join(current, 'ebook.css');
    const hasCss = fs.existsSync(cssPath);
    if (hasCss) files.push(cssPath);
    chain.unshift({ dir: current, values, cssPath: hasCss ? cssPath : undefined });
    current = parent;
  }
  const merged = chain.reduce<Tree>((accumulated, link) => deepMerge(accumulated, link.values), {});
  const print = toTheme(merged, path.join(dir, 'print.yaml'));
  for (const faces of [print.fonts.body, print.fonts.heading, print.fonts.sans, print.fonts.mono]) {
    for (const face of [faces.regular, faces.italic, faces.bold, faces.boldItalic]) if (face) files.push(face);
  }
  files.push(...print.fonts.fallback, ...print.fonts.scripts);
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
  return { name: path.basename(dir), dir: path.resolve(dir), print, ebookCss, ebookLayouts, files: [...new Set(files)] };
}

function readThemeFile(file: VFile, dir: string): { values: Tree; parent: string | undefined } {
  const lineCounter = new LineCounter();
  const document = parseDocument(String(file.value), { lineCounter, schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false });
  const at = (node: unknown): Point => {
    const range = (node as YamlNode | null | undefined)?.range;
    const position = lineCounter.linePos(range ? range[0] : 0);
    return { line: position.line, column: position.col };
  };
  for (const error of document.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    reportError(file, `YAML syntax error: ${error.message.split('\n')[0]}`, { line: position.line, column: position.col }, 'template-yaml');
  }
  if (document.errors.length > 0) return { values: {}, parent: undefined };
  const root = document.contents;
  if (root === null) return { values: {}, parent: path.basename(dir) === DEFAULT_TEMPLATE ? undefined : path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE) };
  if (!isMap(root)) {
    reportError(file, 'a print theme must be a mapping of sections (page:, fonts:, base: …)', at(root), 'template');
    return { values: {}, parent: undefined };
  }
  let parent: string | undefined =
    path.resolve(dir) === path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE) ? undefined : path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE);
  const extendsPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'extends');
  if (extendsPair) {
    const reference = isScalar(extendsPair.value) ? String(extendsPair.value.value ?? '') : '';
    const resolved = reference ? resolveTemplateDir(reference, dir) : undefined;
    if (!resolved) {
      reportError(
        file,
        `extends: "${reference}" is not a template; name a built-in one (${builtinTemplateNames().join(', ')}) or a folder holding print.yaml`,
        at(extendsPair.value ?? extendsPair.key),
        'template-extends',
      );
    }
    parent = resolved;
  }
  const values = validateSection(file, root, PRINT_SCHEMA, '', at, dir, ['extends']);
  return { values, parent };
}

function validateSection(
  file: VFile,
  node: YamlNode,
  schema: Section,
  prefix: string,
  at: (node: unknown) => Point,
  dir: string,
  allowedExtra: string[] = [],
): Tree {
  const result: Tree = {};
  if (!isMap(node)) {
    reportError(file, `"${prefix.slice(0, -1)}" must be a mapping of keys`, at(node), 'template');
    return result;
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (allowedExtra.includes(key)) continue;
    const entry = schema[key];
    if (!entry) {
      const suggestion = closestName(key, [...Object.keys(schema), ...allowedExtra]);
      reportError(
        file,
        `unknown key "${prefix}${key}"${suggestion ? `; did you mean "${prefix}${suggestion}"?` : `; known keys here: ${Object.keys(schema).join(', ')}`}`,
        at(pair.key),
        'template-key',
      );
      continue;
    }
    const value = pair.value as YamlNode | null;
    if (isLeaf(entry)) {
      const converted = validateLeaf(file, value, entry, `${prefix}${key}`, at, dir);
      if (converted !== undefined) result[key] = converted;
    } else if (value !== null) {
      result[key] = validateSection(file, value, entry, `${prefix}${key}.`, at, dir);
    }
  }
  return result;
}

function validateLeaf(file: VFile, node: YamlNode | null, leaf: Leaf, name: string, at: (node: unknown) => Point, dir: string): Value | undefined {
  const fail = (message: string): undefined => {
    reportError(file, `"${name}": ${message}`, at(node), 'template-value');
    return undefined;
  };
  const scalar = isScalar(node) ? node.value : undefined;
  switch (leaf.kind) {
    case 'length': {
      const points = parseLength(scalar);
      return points === undefined ? fail(`${describe(scalar)} is not a length; write a number with a unit: pt, mm, cm, in or px (e.g. 12pt, 18mm)`) : points;
    }
    case 'margin': {
      const all = parseLength(scalar);
      if (all !== undefined) return new Composite({ top: all, right: all, bottom: all, left: all });
      if (!isMap(node)) return fail('give one length for all sides (e.g. 18mm) or top, right, bottom and left');
      const sides = validateSection(file, node, { top: { kind: 'length' }, right: { kind: 'length' }, bottom: { kind: 'length' }, left: { kind: 'length' } }, `${name}.`, at, dir);
      const missing = ['top', 'right', 'bottom', 'left'].filter((side) => typeof sides[side] !== 'number');
      if (missing.length > 0) return fail(`give all four sides; missing: ${missing.join(', ')}`);
      return new Composite(sides as unknown as Margin);
    }
    case 'pageSize': {
      if (typeof scalar === 'string' && PAGE_SIZES[scalar]) {
        const [width, height] = PAGE_SIZES[scalar]!;
        return new Composite({ width, height });
      }
      const suggestion = typeof scalar === 'string' ? closestName(scalar, Object.keys(PAGE_SIZES)) : undefined;
      return fail(
        `${describe(scalar)} is not a page size; use ${Object.keys(PAGE_SIZES).join(', ')}${suggestion ? ` (did you mean ${suggestion}?)` : ''}, or set page.width and page.height`,
      );
    }
    case 'number':
      return typeof scalar === 'number' && scalar >= leaf.min && scalar <= leaf.max
        ? scalar
        : fail(`${describe(scalar)} must be a number from ${leaf.min} to ${leaf.max}`);
    case 'choice':
      return leaf.values.includes(scalar as string | number)
        ? (scalar as string | number)
        : fail(`${describe(scalar)} is not allowed; use one of: ${leaf.values.join(', ')}`);
    case 'boolean':
      return typeof scalar === 'boolean' ? scalar : fail(`${describe(scalar)} must be true or false`);
    case 'color':
      return typeof scalar === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(scalar)
        ? expandColor(scalar)
        : fail(`${describe(scalar)} is not a color; write it as #rgb or #rrggbb in quotes, e.g. "#1a1a1a"`);
    case 'font':
      return typeof scalar === 'string' ? resolveFont(scalar, dir, fail) : fail('must be the path of a .ttf or .otf file');
    case 'fontList': {
      if (!isSeq(node)) return fail('must be a list of .ttf or .otf files');
      const fonts: string[] = [];
      for (const item of node.items) {
        const value = isScalar(item) ? item.value : undefined;
        const resolved =
          typeof value === 'string'
            ? resolveFont(value, dir, (message) => {
                reportError(file, `"${name}": ${message}`, at(item), 'template-value');
                return undefined;
              })
            : undefined;
        if (resolved) fonts.push(resolved);
      }
      return fonts;
    }
    case 'text':
      return typeof scalar === 'string' ? scalar : scalar === null ? '' : fail('must be text');
    case 'runningText': {
      if (scalar === null) return '';
      if (typeof scalar !== 'string') return fail('must be text, with placeholders such as {title} or {page}');
      for (const match of scalar.matchAll(/\{([^{}]*)\}/g)) {
        const placeholder = match[1]!;
        if (!PLACEHOLDER_NAMES.includes(placeholder)) {
          const suggestion = closestName(placeholder, PLACEHOLDER_NAMES);
          return fail(
            `unknown placeholder {${placeholder}}${suggestion ? `; did you mean {${suggestion}}?` : '.'} Known placeholders: ${PLACEHOLDER_NAMES.map((known) => `{${known}}`).join(', ')}`,
          );
        }
      }
      return scalar;
    }
  }
}

function parseLength(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(pt|mm|cm|in|px)$/.exec(value.trim());
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

function resolveFont(reference: string, dir: string, fail: (message: string) => undefined): string | undefined {
  if (!/\.(ttf|otf)$/i.test(reference)) return fail(`"${reference}" is not a TrueType or OpenType file (.ttf or .otf); WOFF and WOFF2 are not supported in PDFs`);
  let resolved: string | undefined;
  if (reference.startsWith('npm:')) {
    try {
      resolved = requireFromPackage.resolve(reference.slice(4));
    } catch {
      return fail(`font "${reference}" was not found in node_modules; install the package that holds it`);
    }
  } else {
    resolved = path.resolve(dir, reference);
  }
  return fs.existsSync(resolved) ? resolved : fail(`font file "${reference}" not found (looked for ${resolved})`);
}

function expandColor(color: string): string {
  const lower = color.toLowerCase();
  return lower.length === 4 ? `#${lower[1]}${lower[1]}${lower[2]}${lower[2]}${lower[3]}${lower[3]}` : lower;
}

function describe(value: unknown): string {
  return value === undefined ? 'this value' : JSON.stringify(value);
}

function deepMerge(base: Tree, override: Tree): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = result[key];
    result[key] =
      isTree(existing) && isTree(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Composite);
}

/** Turns the merged YAML values into the typed theme; a key no file in the chain set is a template error. */
function toTheme(tree: Tree, yamlPath: string): PrintTheme {
  const missing: string[] = [];
  const get = <T>(keyPath: string): T => {
    let node: Value | Tree | undefined = tree;
    for (const part of keyPath.split('.')) node = isTree(node) ? node[part] : undefined;
    if (node === undefined) missing.push(keyPath);
    return node as T;
  };
  const faces = (role: string): FontFaces => ({
    regular: get<string>(`fonts.${role}.regular`),
    italic: optional(tree, `fonts.${role}.italic`),
    bold: optional(tree, `fonts.${role}.bold`),
    boldItalic: optional(tree, `fonts.${role}.bold_italic`),
  });
  const runningLine = (section: string): RunningLine => ({
    left: optional<string>(tree, `${section}.left`) ?? '',
    center: optional<string>(tree, `${section}.center`) ?? '',
    right: optional<string>(tree, `${section}.right`) ?? '',
    fontSize: get<number>(`${section}.font_size`),
    color: get<string>(`${section}.color`),
  });
  const size = optional<Composite<PageSize>>(tree, 'page.size')?.value;
  const width = optional<number>(tree, 'page.width') ?? size?.width;
  const height = optional<number>(tree, 'page.height') ?? size?.height;
  if (width === undefined || height === undefined) missing.push('page.size (or page.width and page.height)');
  const theme: PrintTheme = {
    page: {
      width: width ?? 0,
      height: height ?? 0,
      margin: get<Composite<Margin>>('page.margin')?.value,
      columns: get<1 | 2>('page.columns'),
      gutter: get<number>('page.gutter'),
    },
    fonts: {
      body: faces('body'),
      heading: faces('heading'),
      sans: faces('sans'),
      mono: faces('mono'),
      fallback: optional<string[]>(tree, 'fonts.fallback') ?? [],
      scripts: optional<string[]>(tree, 'fonts.scripts') ?? [],
    },
    base: { fontSize: get('base.font_size'), leading: get('base.leading'), color: get('base.color') },
    headings: {
      font: get('headings.font'),
      color: get('headings.color'),
      sizes: [get('headings.h1'), get('headings.h2'), get('headings.h3'), get('headings.h4'), get('headings.h5'), get('headings.h6')],
    },
    paragraph: { indent: get('paragraph.indent'), spacing: get('paragraph.spacing'), justify: get('paragraph.justify'), hyphenate: get('paragraph.hyphenate') },
    titleBlock: {
      headlineSize: get('title_block.headline_size'),
      dekSize: get('title_block.dek_size'),
      showDek: get('title_block.show_dek'),
      showByline: get('title_block.show_byline'),
      showDates: get('title_block.show_dates'),
      showPublisher: get('title_block.show_publisher'),
      showImage: get('title_block.show_image'),
      showIdentifier: get('title_block.show_identifier'),
    },
    caption: { fontSize: get('caption.font_size'), color: get('caption.color') },
    credit: { fontSize: get('credit.font_size'), color: get('credit.color'), prefix: optional<string>(tree, 'credit.prefix') },
    links: { color: get('links.color'), printUrls: get('links.print_urls') },
    code: { fontSize: get('code.font_size'), background: get('code.background') },
    footnotes: { placement: get('footnotes.placement'), fontSize: get('footnotes.font_size') },
    header: runningLine('header'),
    footer: runningLine('footer'),
    pdf: { pdfa: get('pdf.pdfa'), tagged: get('pdf.tagged'), attachSource: get('pdf.attach_source') },
    ebook: { embedFonts: optional<boolean>(tree, 'ebook.embed_fonts') ?? false },
  };
  if (missing.length > 0) {
    const file = new VFile({ path: yamlPath });
    reportError(file, `the template leaves these keys unset: ${missing.join(', ')}; set them or extend a complete template`, { line: 1, column: 1 }, 'template');
    throw new TemplateError(`template ${path.basename(path.dirname(yamlPath))} is incomplete`, [file]);
  }
  return theme;
}

function optional<T>(tree: Tree, keyPath: string): T | undefined {
  let node: Value | Tree | undefined = tree;
  for (const part of keyPath.split('.')) node = isTree(node) ? node[part] : undefined;
  return node as T | undefined;
}
