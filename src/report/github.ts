import { ruleOf } from './group.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ReportSettings } from './settings.js';
import type { TextStyle } from './text.js';

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which the runner turns
 * into annotations on the pull request's files. Everything goes to stdout, where the runner reads them.
 */
export function githubStyle(settings: ReportSettings): TextStyle {
  return {
    problems: settings.stdout,
    formatMessage: (diagnostic: Diagnostic, shownPath: string) => {
      const properties = [
        `file=${escapeProperty(shownPath)}`,
        `line=${diagnostic.line}`,
        `col=${diagnostic.column}`,
        `title=${escapeProperty(`pressroom ${ruleOf(diagnostic)}`)}`,
      ].join(',');
      return `::${COMMANDS[diagnostic.severity]} ${properties}::${escapeData(diagnostic.reason)}`;
    },
  };
}

/** The runner's own escaping (actions/toolkit, command.ts): data loses %, CR and LF; properties also : and ,. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
