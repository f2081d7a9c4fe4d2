import type { VFile } from 'vfile';
import { isMap, isScalar, isSeq, Pair, type YAMLMap, type Node as YamlNode } from 'yaml';
import { reportError, reportNote, reportWarning, type Point } from '../../core/diagnostics.js';
import { parseArticleDate } from '../../core/dates.js';
import { closestName } from '../../core/suggest.js';
import { isoFromDialect } from './dates.js';
import { LIKELY_MEANT, MAPPINGS, SITE_ONLY_FIELDS, toolList, type Alias } from './table.js';
import { identifierFrom, joinedList, listEntries, mainTitleFrom, peopleFrom, pictureFrom, scalarLike } from './values.js';

type At = (offset: number | undefined) => Point;
type AnyPair = Pair<unknown, unknown>;

export interface ResolvedFields {
  /** Pressroom's field → the pair that gives it, its value rewritten in Pressroom's shape where another tool's differs. */
  fields: Map<string, AnyPair>;
  /** Pressroom's field → its key as written, for messages. */
  labels: Map<string, string>;
  /**
   * The lead picture came in another tool's form (a bare path, a list, an object of its own): one that
   * cannot be used is left out with a warning, as those tools would still build the page.
   */
  pictureFromDialect: boolean;
  /** A field written under a name that usually means `field`, which is missing: its key and where it is. */
  likelyMeant(field: string): { key: string; position: Point } | undefined;
}

interface Candidate {
  key: string;
  pair: AnyPair;
  alias: Alias | undefined;
  value: YamlNode;
}

const RULE = 'front-matter-dialect';

/**
 * Finds, for each of Pressroom's fields, the front matter entry that gives it: its own name first,
 * then what pandoc, Hugo, Jekyll, Astro and Eleventy call it (src/read/dialects/table.ts). Each
 * mapping is said once as a note at its key; two entries for one field that disagree are an error
 * at both when one is Pressroom's own name (the writer meant both), and a note otherwise (the tools
 * themselves choose one). Fields that only steer a web site are noted; unknown ones are warned about.
 */
export function resolveFields(file: VFile, contents: YAMLMap, at: At, ownFields: readonly string[]): ResolvedFields {
  const top = new Map<string, AnyPair>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) reportError(file, 'front matter keys must be plain names', at(nodeStart(pair.key)), 'front-matter');
    else top.set(key, pair);
  }
  const params = top.get('params')?.value;
  const find = (key: string): AnyPair | undefined => {
    if (!key.startsWith('params.')) return top.get(key);
    return isMap(params) ? params.items.find((pair) => isScalar(pair.key) && pair.key.value === key.slice('params.'.length)) : undefined;
  };
  const keyAt = (pair: AnyPair) => at(nodeStart(pair.key));
  const note = (reason: string, pair: AnyPair) => reportNote(file, reason, keyAt(pair), RULE);

  const consumed = new Set<string>();
  const fields = new Map<string, AnyPair>();
  const labels = new Map<string, string>();
  let pictureFromDialect = false;
  let paramsUsed = false;

  for (const field of ownFields) {
    const mapping = MAPPINGS.find((candidate) => candidate.field === field);
    const found: { key: string; pair: AnyPair; alias: Alias | undefined }[] = [];
    // A key that is Pressroom's field and another tool's name for another field (`cover:`, Pressroom's
    // cover picture, Hugo PaperMod's lead picture) is Pressroom's when written as Pressroom writes it
    // (a path), the other tool's when written in its shape (a mapping).
    const own = top.get(field);
    if (own && !(isMap(own.value) && aliasOfAnotherField(field))) found.push({ key: field, pair: own, alias: undefined });
    for (const alias of mapping?.aliases ?? []) {
      const pair = find(alias.key);
      if (pair && !(ownFields.includes(alias.key) && !isMap(pair.value))) found.push({ key: alias.key, pair, alias });
    }
    const candidates: Candidate[] = [];
    for (const entry of found) {
      if (entry.key.startsWith('params.')) paramsUsed = true;
      else consumed.add(entry.key);
      const value = entry.pair.value as YamlNode | null;
      // Jekyll's `published: false` marks a draft (read before building), not a date.
      if (field === 'published' && entry.key === 'published' && isScalar(value) && typeof value.value === 'boolean') continue;
      const converted = value ? convert(field, entry.key, value) : undefined;
      if (converted === null) continue;
      candidates.push({ ...entry, value: converted ?? (value as YamlNode) });
    }
    if (candidates.length === 0) continue;
    if (field === 'image' && candidates[0]!.value !== candidates[0]!.pair.value) pictureFromDialect = true;
    if (field === 'image' && candidates[0]!.alias) pictureFromDialect = true;

    if (mapping?.joins) {
      const items = candidates.flatMap((candidate) => (candidate.value ? listEntries(candidate.value, candidate.key) : []));
      const first = candidates[0]!;
      fields.set(field, new Pair(first.pair.key, joinedList(items, first.value)));
      labels.set(field, first.key);
      for (const candidate of candidates) {
        if (candidate.alias) note(`"${candidate.key}" (${toolList(candidate.alias.tools)}) is read as "${field}"${candidates.length > 1 ? `; its entries join the others'` : ''}`, candidate.pair);
      }
      continue;
    }

    const [chosen, ...others] = candidates as [Candidate, ...Candidate[]];
    fields.set(field, chosen.value === chosen.pair.value ? chosen.pair : new Pair(chosen.pair.key, chosen.value));
    labels.set(field, chosen.key);
    if (chosen.alias) note(`"${chosen.key}" (${toolList(chosen.alias.tools)}) is read as "${field}"`, chosen.pair);
    for (const other of others) {
      if (sameValue(field, chosen.value, other.value)) {
        note(`"${other.key}" says the same as "${chosen.key}"; one of them is enough`, other.pair);
      } else if (!chosen.alias) {
        const say = (one: Candidate, another: Candidate) =>
          `"${one.key}" (${shown(one.value)}) disagrees with "${another.key}" (${shown(another.value)}), another name for "${field}"; keep one of them`;
        reportError(file, say(chosen, other), at(nodeStart(chosen.value)), 'front-matter-conflict');
        reportError(file, say(other, chosen), at(nodeStart(other.value)), 'front-matter-conflict');
      } else {
        note(`"${other.key}" is not used: "${chosen.key}" already gives "${field}"`, other.pair);
      }
    }
  }

  for (const [key, pair] of top) {
    if (consumed.has(key)) continue;
    const tools = SITE_ONLY_FIELDS[key];
    if (tools) {
      if (!(key === 'params' && paramsUsed)) note(`"${key}" (${toolList(tools)}) has no use in a book; it is ignored`, pair);
      continue;
    }
    const suggestion = closestName(key, ownFields);
    reportWarning(file, `unknown front matter field "${key}" is ignored${suggestion ? `; did you mean "${suggestion}"?` : ''}`, keyAt(pair), 'front-matter');
  }

  const likelyMeant = (field: string) => {
    const named = (LIKELY_MEANT[field] ?? []).find((key) => top.has(key) && !consumed.has(key));
    const dated =
      named ??
      (field === 'published'
        ? [...top.keys()].find((key) => {
            if (consumed.has(key) || SITE_ONLY_FIELDS[key]) return false;
            const value = top.get(key)!.value;
            if (!isScalar(value) || typeof value.value !== 'string') return false;
            return parseArticleDate(isoFromDialect(value.value) ?? value.value).ok;
          })
        : undefined);
    return dated === undefined ? undefined : { key: dated, position: keyAt(top.get(dated)!) };
  };

  return { fields, labels, pictureFromDialect, likelyMeant };

  function aliasOfAnotherField(key: string): boolean {
    return MAPPINGS.some((mapping) => mapping.field !== key && mapping.aliases.some((alias) => alias.key === key));
  }

  /** Another tool's shape of a field's value in Pressroom's; undefined when none is needed, null to leave the entry out. */
  function convert(field: string, key: string, value: YamlNode): YamlNode | undefined | null {
    switch (field) {
      case 'title':
        return mainTitleFrom(value);
      case 'reporter':
        return peopleFrom(value);
      case 'identifier':
        return identifierFrom(value);
      case 'published':
      case 'updated': {
        const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
        const iso = text === undefined ? undefined : isoFromDialect(text);
        if (iso === undefined || iso === text) return undefined;
        reportNote(file, `"${key}": ${JSON.stringify(text!.trim())} is read as ${iso}`, at(nodeStart(value)), RULE);
        return scalarLike(iso, value);
      }
      case 'image': {
        const picture = pictureFrom(value);
        if (picture && picture.more > 0) {
          reportNote(file, `"${key}" lists ${picture.more + 1} pictures; the first is the lead picture, the others are not used`, at(nodeStart(value)), RULE);
        }
        return picture?.picture;
      }
      case 'url': {
        if (isScalar(value) && typeof value.value === 'string' && value.value.startsWith('/') && !value.value.startsWith('//')) {
          reportWarning(
            file,
            `"${key}": "${value.value}" is a path on the web site, as Hugo writes it; Pressroom needs the article's full address (https://…${value.value}), so it is ignored`,
            at(nodeStart(value)),
            RULE,
          );
          return null;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

function sameValue(field: string, a: YamlNode, b: YamlNode): boolean {
  if (field === 'published' || field === 'updated') {
    const first = parseArticleDate(plain(a));
    const second = parseArticleDate(plain(b));
    if (first.ok && second.ok) return first.date.instant.getTime() === second.date.instant.getTime() && first.date.hasTime === second.date.hasTime;
  }
  return plain(a) === plain(b);
}

function plain(node: YamlNode): string {
  if (isScalar(node)) return String(node.value).trim();
  return JSON.stringify((node as { toJSON?: () => unknown }).toJSON?.() ?? null);
}

function shown(node: YamlNode): string {
  if (isScalar(node)) return String(node.value).trim();
  return isSeq(node) ? 'a list' : isMap(node) ? 'a mapping' : 'a value';
}

export function nodeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}
