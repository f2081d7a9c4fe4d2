import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';

/**
 * Other tools' shapes of a value rewritten in Pressroom's, as YAML nodes that keep the positions of
 * what they came from, so that later messages still point at the text the writer typed.
 */

export function scalarLike(value: string, from: YamlNode): Scalar<string> {
  const scalar = new Scalar(value);
  if (from.range) scalar.range = from.range;
  return scalar;
}

function seqOf(items: YamlNode[], from: YamlNode): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items = items;
  if (from.range) seq.range = from.range;
  return seq;
}

function textOf(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function entry(map: YAMLMap, ...names: string[]): YamlNode | undefined {
  for (const name of names) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === name);
    if (pair?.value) return pair.value as YamlNode;
  }
  return undefined;
}

/**
 * People, from pandoc's structured authors (`- name: …`) and `creator:` list (`- role: author`,
 * `text: …`), Jekyll's author object (`name:`, `email:`): their names, as a list. Other roles
 * (editors) are left out. Undefined when the value has no such shape.
 */
export function peopleFrom(node: YamlNode): YamlNode | undefined {
  const person = (item: unknown): YamlNode | undefined => {
    if (isScalar(item)) return item;
    if (!isMap(item)) return undefined;
    const role = textOf(entry(item, 'role'));
    if (role !== undefined && !/^(author|aut)$/i.test(role.trim())) return undefined;
    const name = entry(item, 'name', 'text', 'literal');
    return name && isScalar(name) ? name : undefined;
  };
  if (isMap(node)) {
    const one = person(node);
    return one ? seqOf([one], node) : undefined;
  }
  if (isSeq(node) && node.items.some((item) => isMap(item))) {
    return seqOf(node.items.map(person).filter((item): item is YamlNode => item !== undefined), node);
  }
  return undefined;
}

/** pandoc's `title:` as a list of `type:`/`text:` objects, or one: the main title. */
export function mainTitleFrom(node: YamlNode): YamlNode | undefined {
  const items = isSeq(node) ? node.items : isMap(node) ? [node] : [];
  const titles = items.filter((item): item is YAMLMap => isMap(item));
  if (titles.length === 0) return undefined;
  const main = titles.find((title) => textOf(entry(title, 'type')) === 'main') ?? titles[0]!;
  return entry(main, 'text');
}

/** pandoc's `identifier:` as a `scheme:`/`text:` object, or a list of them: the first one's text. */
export function identifierFrom(node: YamlNode): YamlNode | undefined {
  const first = isSeq(node) ? node.items[0] : node;
  if (isMap(first)) return entry(first, 'text');
  return isSeq(node) && isScalar(first) ? first : undefined;
}

/** The lead picture as Pressroom's mapping (`src`, `alt`, `caption`, `credit`), from a path, a list, or another tool's object. */
export function pictureFrom(node: YamlNode): { picture: YAMLMap; more: number } | undefined {
  // Pressroom's own mapping needs no rewriting.
  if (isMap(node) && entry(node, 'src')) return undefined;
  const first = isSeq(node) ? node.items[0] : node;
  const more = isSeq(node) ? node.items.length - 1 : 0;
  if (isScalar(first)) {
    return typeof first.value === 'string' ? { picture: pictureMap([['src', first]], first), more } : undefined;
  }
  if (!isMap(first)) return undefined;
  // Astro's `image: { url, alt }`, jekyll-seo-tag's `image: { path, alt }`, Hugo PaperMod's `cover: { image, alt, caption }`.
  const src = entry(first, 'src', 'url', 'path', 'image');
  if (!src) return undefined;
  const parts: [string, YamlNode | undefined][] = [
    ['src', src],
    ['alt', entry(first, 'alt')],
    ['caption', entry(first, 'caption', 'title')],
    ['credit', entry(first, 'credit')],
  ];
  return { picture: pictureMap(parts, first), more };
}

function pictureMap(parts: [string, YamlNode | undefined][], from: YamlNode): YAMLMap {
  const map = new YAMLMap();
  for (const [name, value] of parts) {
    if (!value) continue;
    const key = new Scalar(name);
    if (value.range) key.range = value.range;
    map.items.push(new Pair(key, value));
  }
  if (from.range) map.range = from.range;
  return map;
}

/**
 * Entries of a list field: a YAML list, or a string that the tool splits (Jekyll's categories are
 * space-separated, keywords written as one string are comma-separated).
 */
export function listEntries(node: YamlNode, key: string): YamlNode[] {
  if (isSeq(node)) return node.items as YamlNode[];
  if (isScalar(node) && typeof node.value === 'string') {
    const separator = key === 'categories' ? /\s+/ : key === 'keywords' ? /\s*,\s*/ : undefined;
    if (!separator) return [node];
    return node.value
      .split(separator)
      .filter(Boolean)
      .map((part) => scalarLike(part, node));
  }
  return [node];
}

export function joinedList(items: YamlNode[], from: YamlNode): YAMLSeq {
  return seqOf(items, from);
}
