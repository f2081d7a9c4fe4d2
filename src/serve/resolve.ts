import fs from 'node:fs';
import path from 'node:path';

export type Resolved =
  | { kind: 'file'; file: string; relative: string }
  | { kind: 'refused'; status: 400 | 404; reason: string };

/**
 * Maps a request target to a file inside `root`, refusing anything that could leave it: `..` and
 * `.` segments (raw or percent-encoded), encoded `/` and `\`, backslashes, NUL bytes, malformed
 * percent-encoding, hidden files and folders (`.pressroom-cache`, temporary files), and symbolic
 * links that point outside. `/` is the catalogue page; no other folder is listed.
 */
export function resolveRequest(realRoot: string, target: string | undefined, indexName: string): Resolved {
  if (!target || !target.startsWith('/')) return { kind: 'refused', status: 400, reason: 'not an origin-form request target' };
  const pathPart = target.split(/[?#]/, 1)[0]!;
  if (pathPart.includes('\0') || pathPart.includes('\\')) return { kind: 'refused', status: 400, reason: 'NUL byte or backslash in path' };
  const rawSegments = pathPart.slice(1).split('/');
  const segments: string[] = [];
  for (const [index, raw] of rawSegments.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '.' || segment === '..') return { kind: 'refused', status: 400, reason: 'dot segment in path' };
    if (/[\0/\\]/.test(segment)) return { kind: 'refused', status: 400, reason: 'encoded NUL, slash or backslash in path' };
    if (segment === '') {
      // Only `/` itself may end in an empty segment: folder listings are not served.
      if (index === rawSegments.length - 1 && rawSegments.length === 1) continue;
      return { kind: 'refused', status: 404, reason: 'folder' };
    }
    if (segment.startsWith('.')) return { kind: 'refused', status: 404, reason: 'hidden file' };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push(indexName);
  const candidate = path.join(realRoot, ...segments);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return { kind: 'refused', status: 404, reason: 'no such file' };
  }
  if (!real.startsWith(realRoot + path.sep)) return { kind: 'refused', status: 404, reason: 'outside the served folder' };
  return { kind: 'file', file: real, relative: segments.join('/') };
}
