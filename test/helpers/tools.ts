import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';

/**
 * The validators are required, never optional: a missing one fails the test with how to install it,
 * so that no check passes by not running (locally or under CI=true).
 */
export function requireTool(command: string, aptPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(`${command} is not installed; run \`apt-get install -y ${aptPackage}\` (.ci/run does this)`);
  }
}

export interface EpubcheckVerdict {
  fatals: number;
  errors: number;
  warnings: number;
  infos: number;
  /** The ERROR/WARNING lines, for assertion messages. */
  problems: string[];
  output: string;
}

/** Runs epubcheck and reads its `Messages:` summary; throws when epubcheck did not really run. */
export function epubcheck(file: string): EpubcheckVerdict {
  requireTool('java', 'default-jre-headless');
  if (!fs.existsSync(EPUBCHECK_JAR)) throw new Error('epubcheck is not installed; run `apt-get install -y epubcheck`');
  const run = spawnSync('java', ['-jar', EPUBCHECK_JAR, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout}\n${run.stderr}`;
  const summary = /Messages:\s*(\d+) fatals?\s*\/\s*(\d+) errors?\s*\/\s*(\d+) warnings?\s*\/\s*(\d+) infos?/.exec(output);
  if (!summary) throw new Error(`epubcheck printed no Messages: summary, so it did not check the file:\n${output}`);
  return {
    fatals: Number(summary[1]),
    errors: Number(summary[2]),
    warnings: Number(summary[3]),
    infos: Number(summary[4]),
    problems: output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)/.test(line)),
    output,
  };
}

/** `qpdf --check`: returns its output; exit code 0 with no warnings means a clean file. */
export function qpdfCheck(file: string): { status: number; output: string } {
  requireTool('qpdf', 'qpdf');
  const run = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

export function pdftotext(file: string, options: string[] = []): string {
  requireTool('pdftotext', 'poppler-utils');
  return execFileSync('pdftotext', [...options, file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function pdfinfo(file: string, options: string[] = []): Record<string, string> {
  requireTool('pdfinfo', 'poppler-utils');
  const output = execFileSync('pdfinfo', [...options, file], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1]!.trim()] = match[2]!.trim();
  }
  return info;
}

export function pdfinfoMetadata(file: string): string {
  requireTool('pdfinfo', 'poppler-utils');
  return execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdffonts(file: string): PdfFont[] {
  requireTool('pdffonts', 'poppler-utils');
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name type [type2] encoding emb sub uni object ID: read the yes/no flags from the end.
    const [emb, sub] = columns.slice(-5, -3);
    return { name: columns[0]!, type: columns[1]!, embedded: emb === 'yes', subset: sub === 'yes' };
  });
}

export interface Word {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

/** Every word with its page and position, as pdftotext -bbox reports it. */
export function wordsWithPositions(pdf: string): Word[] {
  requireTool('pdftotext', 'poppler-utils');
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const match = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (match) words.push({ page, xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]), text: match[5]! });
  }
  return words;
}

/** `../shared/tools/pagefill.py`, beside the repository or beside the folder of its worktrees (`../../shared`). */
export const PAGEFILL =
  [path.resolve(REPO_ROOT, '..', 'shared'), path.resolve(REPO_ROOT, '..', '..', 'shared')].map((dir) => path.join(dir, 'tools', 'pagefill.py')).find((file) => fs.existsSync(file)) ??
  path.resolve(REPO_ROOT, '..', 'shared', 'tools', 'pagefill.py');

/** Fails when pagefill is missing under CI=true (it measures how print pages fill); elsewhere, whether it is there. */
export function pagefillAvailable(): boolean {
  const available = fs.existsSync(PAGEFILL);
  if (!available && process.env.CI === 'true') throw new Error(`pagefill is missing at ${PAGEFILL}; it is needed to measure how print pages fill`);
  return available;
}

/** Runs pagefill on PDFs of `columns` columns: its output, exit status and each shortfall's file, page (from 1) and column. */
export function pagefill(pdfs: readonly string[], columns: number): { status: number; stdout: string; stderr: string; shortfalls: { file: string; page: number; column: number | undefined }[] } {
  requireTool('pdftoppm', 'poppler-utils');
  const run = spawnSync('python3', [PAGEFILL, '--cols', String(columns), ...pdfs], { encoding: 'utf8' });
  const shortfalls = [...run.stdout.matchAll(/^(\S+) p(\d+)(?: col(\d+))?: /gm)].map((match) => ({ file: match[1]!, page: Number(match[2]), column: match[3] ? Number(match[3]) : undefined }));
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, shortfalls };
}
