import { parse, TomlDate, TomlError } from 'smol-toml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type LineCounter, type Node as YamlNode } from 'yaml';

/**
 * Hugo's TOML front matter (between `+++` lines, what `hugo new` writes by default), read by
 * smol-toml and rebuilt as a YAML document whose nodes carry the offsets of the TOML text they
 * came from, so that it is validated, and its messages placed, like YAML front matter.
 */
export function tomlDocument(text: string, lineCounter: LineCounter): { document: Document } | { error: string; offset: number } {
  lineCounter.addNewLine(0);
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineCounter.addNewLine(index + 1);
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const offset = (lineCounter.lineStarts[error.line - 1] ?? 0) + error.column - 1;
    return { error: `TOML syntax error: ${error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}`, offset };
  }
  const places = keyPlaces(text);
  const document = new Document();
  document.contents = tableNode(data, '', places, 0) as never;
  return { document };
}

interface Place {
  key: number;
  value: number;
  /** The value as written, for dates: their offset stays as written. */
  raw: string;
}

/** Where each key (as a dotted path, tables included) and its value stand in the text. */
function keyPlaces(text: string): Map<string, Place> {
  const places = new Map<string, Place>();
  let table = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.split('.').map(unquote).join('.');
      if (!places.has(table)) places.set(table, { key: offset + line.indexOf('[') + 1, value: offset + line.indexOf('['), raw: '' });
    } else {
      const entry = /^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=\s*/.exec(line);
      if (entry) {
        const key = entry[2]!.split(/\s*\.\s*/).map(unquote).join('.');
        const raw = line.slice(entry[0].length).replace(/\s+#.*$/, '').trim();
        places.set(table ? `${table}.${key}` : key, { key: offset + entry[1]!.length, value: offset + entry[0].length, raw });
      }
    }
    offset += line.length + 1;
  }
  return places;
}

function unquote(part: string): string {
  return part.trim().replace(/^(["'])(.*)\1$/, '$2');
}

function tableNode(table: Record<string, unknown>, path: string, places: Map<string, Place>, fallback: number): YAMLMap {
  const map = new YAMLMap();
  const start = places.get(path)?.value ?? fallback;
  map.range = [start, start, start];
  for (const [key, value] of Object.entries(table)) {
    const keyPath = path ? `${path}.${key}` : key;
    const place = places.get(keyPath);
    const keyNode = new Scalar(key);
    const at = place?.key ?? start;
    keyNode.range = [at, at + key.length, at + key.length];
    map.items.push(new Pair(keyNode, valueNode(value, keyPath, places, place?.value ?? at, place?.raw)));
  }
  return map;
}

function valueNode(value: unknown, path: string, places: Map<string, Place>, offset: number, raw: string | undefined): YamlNode {
  if (value instanceof TomlDate) return scalar(raw && /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw : value.toISOString(), offset);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.range = [offset, offset, offset];
    seq.items = value.map((item) => valueNode(item, path, places, offset, undefined));
    return seq;
  }
  if (value !== null && typeof value === 'object') return tableNode(value as Record<string, unknown>, path, places, offset);
  return scalar(value as string | number | boolean, offset);
}

function scalar(value: string | number | boolean, offset: number): Scalar {
  const node = new Scalar(value);
  node.range = [offset, offset, offset];
  return node;
}
