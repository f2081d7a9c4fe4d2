import fs from 'node:fs';
import path from 'node:path';
import { TOOL_VERSION } from '../core/version.js';
import { writeFilesAtomically } from '../output/atomic.js';
import { CACHE_DIR_NAME, hashFile, settingsKey } from './cache.js';
import type { CheckResult, CheckSettings } from './check.js';
import type { PlannedManuscript } from './plan.js';

const VERSION = 1;

interface Entry {
  /** Hash of what is not in files: Pressroom's version, --template, --drafts, the path messages show. */
  key: string;
  /** Every file the result was read from (manuscript, pictures, template files) → sha256. */
  inputs: Record<string, string>;
  result: CheckResult;
}

interface Stored {
  version: number;
  entries: Record<string, Entry>;
}

/**
 * `check --cache`, as eslint's: the result of each manuscript that passed (its warnings and notes too)
 * or was left out as a draft, kept in `.pressroom-cache/check.json` in the working folder with the
 * sha256 of every file it was read from. The next run takes it as long as none of them changed, nor
 * Pressroom's version, `--template`, `--drafts` or the path it is shown by, and no other manuscript
 * has taken its slug; a manuscript with errors is read every time. The cache's first run reads every
 * manuscript as a run without it does, and hashes and writes besides: it is not faster.
 */
export class CheckCache {
  private readonly file: string;
  private stored: Stored;
  private changed = false;

  constructor(cwd: string) {
    this.file = path.join(cwd, CACHE_DIR_NAME, 'check.json');
    this.stored = readStored(this.file);
  }

  /** The manuscript's last result, when it still holds. */
  lookUp(entry: PlannedManuscript, settings: CheckSettings): CheckResult | undefined {
    if (entry.duplicateSlug) return undefined;
    const stored = this.stored.entries[entry.manuscriptPath];
    if (!stored || stored.key !== entryKey(entry, settings)) return undefined;
    return Object.entries(stored.inputs).every(([file, hash]) => hashFile(file) === hash) ? stored.result : undefined;
  }

  /** Keeps a result that carries the hashes of what it was read from; forgets the manuscript's entry otherwise. */
  record(entry: PlannedManuscript, settings: CheckSettings, { inputs, ...result }: CheckResult): void {
    if (inputs) this.stored.entries[entry.manuscriptPath] = { key: entryKey(entry, settings), inputs, result };
    else if (this.stored.entries[entry.manuscriptPath]) delete this.stored.entries[entry.manuscriptPath];
    else return;
    this.changed = true;
  }

  save(): void {
    if (this.changed) writeFilesAtomically([{ path: this.file, data: Buffer.from(JSON.stringify(this.stored), 'utf8') }]);
  }
}

function entryKey(entry: PlannedManuscript, settings: CheckSettings): string {
  return settingsKey([TOOL_VERSION, settings.template ?? null, settings.drafts, entry.displayPath]);
}

function readStored(file: string): Stored {
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Stored;
    if (stored.version === VERSION && typeof stored.entries === 'object' && stored.entries !== null) return stored;
  } catch {
    // No cache yet, or an unreadable one: every manuscript is read.
  }
  return { version: VERSION, entries: {} };
}
