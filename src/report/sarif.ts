import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/diagnostics.js';
import { TOOL_VERSION } from '../core/version.js';
import { displayPath } from './paths.js';
import type { Outcome, ReportSettings, RunEnd } from './settings.js';
import { ruleOf } from './group.js';
import type { Tally } from './tally.js';

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * One SARIF 2.1.0 log on stdout when the run ends, for code-scanning views (GitHub's upload-sarif,
 * VS Code's SARIF viewer). Paths are relative to the working folder (`%SRCROOT%`), as code scanning
 * wants them relative to the repository; lines on stdout would corrupt the log, so what each input
 * became is said on stderr.
 */
export class SarifSink {
  private readonly results: Diagnostic[] = [];

  constructor(private readonly settings: ReportSettings) {}

  messages(messages: readonly Diagnostic[]): void {
    this.results.push(...messages);
  }

  outcome(outcome: Outcome): void {
    if (outcome.status === 'checked') return;
    this.settings.stderr(`${outcome.status} ${outcome.path}\n`);
  }

  finish(_tally: Tally, _end: RunEnd, overLimit: boolean): void {
    this.settings.stdout(`${JSON.stringify(sarifLog(this.results, this.settings.cwd), null, 2)}\n`);
    if (overLimit) this.settings.stderr(`pressroom: more warnings than --max-warnings ${this.settings.maxWarnings} allows\n`);
  }
}

export function sarifLog(diagnostics: readonly Diagnostic[], cwd: string): object {
  const ruleIds = [...new Set(diagnostics.map(ruleOf))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Pressroom',
            version: TOOL_VERSION,
            rules: ruleIds.map((id) => ({ id })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((diagnostic) => ({
          ruleId: ruleOf(diagnostic),
          ruleIndex: ruleIds.indexOf(ruleOf(diagnostic)),
          level: LEVELS[diagnostic.severity],
          message: { text: diagnostic.reason },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(diagnostic.file, cwd), region: { startLine: diagnostic.line, startColumn: diagnostic.column } } }],
        })),
      },
    ],
  };
}

/** Inside the working folder: a relative URI against %SRCROOT%; elsewhere an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file, cwd);
  if (path.isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
