import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/clock.js';
import { isEditionManifest } from '../read/edition.js';
import { compareCodeUnits, statInput } from './inputs.js';

/**
 * What `pressroom check` reads, each found by its name (an edition manifest's ends in `.edition.yaml`)
 * or, for a template, by the print.yaml in its folder. A new kind is one more entry here and one more
 * case in src/api/check.ts.
 */
export type CheckKind = 'manuscript' | 'template' | 'edition';

export interface CheckInput {
  kind: CheckKind;
  /** Absolute path: a file, or a template's folder. */
  path: string;
}

const MANUSCRIPT = /\.(md|markdown)$/i;
const TEMPLATE_MARK = 'print.yaml';
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

function isTemplateFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, TEMPLATE_MARK));
}

/**
 * Expands the command line's paths into the inputs to check, in a stable order: a manuscript file
 * stands for itself, a template folder (one with a print.yaml) for its template, any other folder for
 * every manuscript and template folder below it (but nothing inside `exclude`, the output folder,
 * whose archival bags hold copies of manuscripts).
 */
export function findCheckInputs(inputs: readonly string[], cwd: string, exclude: string): CheckInput[] {
  const found = new Map<string, CheckInput>();
  const add = (input: CheckInput) => found.set(input.path, input);
  const walk = (dir: string): void => {
    if (isTemplateFolder(dir)) {
      add({ kind: 'template', path: dir });
      return;
    }
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (full === exclude) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && MANUSCRIPT.test(entry.name)) add({ kind: 'manuscript', path: full });
      else if (entry.isFile() && isEditionManifest(entry.name)) add({ kind: 'edition', path: full });
    }
  };
  for (const input of inputs) {
    const { absolute, stat } = statInput(input, cwd);
    if (stat.isDirectory()) walk(absolute);
    else if (MANUSCRIPT.test(absolute)) add({ kind: 'manuscript', path: absolute });
    else if (isEditionManifest(absolute)) add({ kind: 'edition', path: absolute });
    else if (path.basename(absolute) === TEMPLATE_MARK) add({ kind: 'template', path: path.dirname(absolute) });
    else throw new UsageError(`${input}: not something pressroom checks (a .md manuscript, an .edition.yaml manifest, a template folder or its print.yaml, or a folder of them)`);
  }
  return [...found.values()].sort((a, b) => compareCodeUnits(a.path, b.path));
}
