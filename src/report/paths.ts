import path from 'node:path';

/** A path as messages show it: relative to the working folder when inside it, absolute otherwise. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.startsWith('..') ? path.resolve(cwd, file) : relative;
}
