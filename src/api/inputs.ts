import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/clock.js';
import { isEditionManifest } from '../read/edition.js';

const MANUSCRIPT_EXTENSION = /\.(md|markdown)$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Expands the command line's paths into manuscript files and edition manifests (`*.edition.yaml`):
 * a file stands for itself, a folder for every one of them below it. Sorted, without duplicates,
 * so that every run sees the same order.
 */
export function findManuscripts(inputs: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const { absolute, stat } = statInput(input, cwd);
    if (stat.isDirectory()) {
      for (const file of walk(absolute)) found.add(file);
    } else if (MANUSCRIPT_EXTENSION.test(absolute) || isEditionManifest(absolute)) {
      found.add(absolute);
    } else {
      throw new UsageError(`${input}: not a Markdown manuscript or an edition manifest (expected a .md file, a .edition.yaml file or a folder)`);
    }
  }
  return [...found].sort(compareCodeUnits);
}

/** A command line path, resolved, with what it is; a usage error when there is nothing there. */
export function statInput(input: string, cwd: string): { absolute: string; stat: fs.Stats } {
  const absolute = path.resolve(cwd, input);
  try {
    return { absolute, stat: fs.statSync(absolute) };
  } catch {
    throw new UsageError(`${input}: no such file or folder`);
  }
}

function walk(dir: string): string[] {
  const files: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile() && (MANUSCRIPT_EXTENSION.test(entry.name) || isEditionManifest(entry.name))) files.push(full);
  }
  return files;
}

/** Locale-independent ordering, so that the order does not depend on the machine's language. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
