/** How a run's messages are written: for people (text), editors (json), GitHub Actions (github) or code scanning (sarif). */
export const REPORT_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportSettings {
  format: ReportFormat;
  /** Errors and the summary only: notes, warnings and the per-input lines are left out (still counted). */
  quiet: boolean;
  /** Every warning and note, instead of the first few of each kind. */
  allWarnings: boolean;
  /** The run fails when it has more warnings than this (as eslint's --max-warnings). */
  maxWarnings: number | undefined;
  /** Paths are shown relative to this folder. */
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** What became of one input: a line of the report when it went well. */
export interface Outcome {
  path: string;
  status: 'built' | 'unchanged' | 'checked' | 'draft';
  outputs: string[];
  /** Archival bags made (or found unchanged) for it. */
  bags?: string[];
}

/** The end of a run, as the command counts it. */
export interface RunEnd {
  /** Inputs taken (manuscripts, templates). */
  total: number;
  /** Display paths of the inputs that failed. */
  failed: string[];
  /** Words for the counts line and for JSON, e.g. { built: 3, unchanged: 0, failed: 1 }, in the order shown. */
  counts: Record<string, number>;
  seconds: number;
  /** What the inputs are called in the summary ("manuscript"). */
  noun: string;
}
