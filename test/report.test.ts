import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/core/diagnostics.js';
import { Grouper, messageShape } from '../src/report/group.js';
import { Report } from '../src/report/report.js';
import type { ReportFormat, RunEnd } from '../src/report/settings.js';
import { sarifValidator } from './helpers/sarif.js';

function diagnostic(line: number, reason: string, severity: Diagnostic['severity'] = 'warning', ruleId = 'image-remote', file = 'desk/story.md'): Diagnostic {
  return { file, line, column: 1, severity, reason, ruleId };
}

function run(format: ReportFormat, batches: Diagnostic[][], options: { quiet?: boolean; allWarnings?: boolean; maxWarnings?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const report = new Report({
    format,
    quiet: options.quiet ?? false,
    allWarnings: options.allWarnings ?? false,
    maxWarnings: options.maxWarnings,
    cwd: '/work/newsroom',
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  for (const batch of batches) report.messages(batch, batch[0]?.file);
  const end: RunEnd = { total: batches.length, failed: [], counts: { built: batches.length, failed: 0 }, seconds: 1.5, noun: 'manuscript' };
  const overLimit = report.finish(end);
  return { stdout, stderr, overLimit };
}

const remote = (line: number, file?: string) => diagnostic(line, `remote image "https://example.com/${line}.png" is not downloaded; its alt text stands in`, 'warning', 'image-remote', file);

describe('grouping alike messages', () => {
  it('shapes leave out quoted values and numbers, but keep front matter field names', () => {
    expect(messageShape('remote image "https://a/1.png" is not downloaded')).toBe(messageShape('remote image "https://b/2.png" is not downloaded'));
    expect(messageShape('removed the target attribute from <a>')).not.toBe(messageShape('removed the width attribute from <td>'));
    // Addresses and anchors written without quotes are particulars too.
    expect(messageShape('link to "https://a.example" has no text. Write [words](https://a.example)')).toBe(messageShape('link to "https://b.example/x?y=1" has no text. Write [words](https://b.example/x?y=1)'));
    expect(messageShape('no heading has that id (did you mean #options?)')).toBe(messageShape('no heading has that id (did you mean #quote?)'));
    expect(messageShape('"date" (Hugo) is read as "published"', 'front-matter-dialect')).not.toBe(messageShape('"author" (Hugo) is read as "reporter"', 'front-matter-dialect'));
  });

  it('shows the first 3 of a group, then one "and N more like this" line after them, pointing at the first left out', () => {
    const lines = new Grouper().take([remote(1), remote(2), diagnostic(3, 'link has no address', 'warning', 'link'), remote(4), remote(5), remote(6)]);
    expect(lines.map((line) => ('diagnostic' in line ? line.diagnostic.line : `+${line.hidden.count}@${line.hidden.first.line}`))).toEqual([1, 2, 3, 4, '+2@5']);
  });

  it('never groups errors', () => {
    const errors = Array.from({ length: 10 }, (_, index) => diagnostic(index + 1, 'image "x.png" not found', 'error', 'image-missing'));
    expect(new Grouper().take(errors)).toHaveLength(10);
  });

  it('counts over the whole run: later inputs add to a group, said once at the end', () => {
    const { stderr } = run('text', [[remote(1, 'a.md'), remote(2, 'a.md')], [remote(1, 'b.md'), remote(2, 'b.md')], [remote(1, 'c.md')]]);
    const lines = stderr.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'a.md:1:1: warning: remote image "https://example.com/1.png" is not downloaded; its alt text stands in',
      'a.md:2:1: warning: remote image "https://example.com/2.png" is not downloaded; its alt text stands in',
      'b.md:1:1: warning: remote image "https://example.com/1.png" is not downloaded; its alt text stands in',
    ]);
    // Within one input the line follows its group; for inputs after that, it comes at the end.
    expect(lines[3]).toBe('  and 1 more like this (first at b.md:2:1)');
    expect(lines[4]).toBe('and 1 more warning like this (first at c.md:1:1): remote image "https://example.com/1.png" is not downloaded; its alt text stands in');
    expect(lines[5]).toBe('5 warnings by kind (--all-warnings shows every one):');
  });

  it('--all-warnings shows every one; --quiet shows errors and the summary only', () => {
    const batch = [...Array.from({ length: 50 }, (_, index) => remote(index + 1)), diagnostic(60, 'image "x.png" not found', 'error', 'image-missing')];
    const all = run('text', [batch], { allWarnings: true });
    expect(all.stderr.split('\n').filter((line) => line.includes(': warning: '))).toHaveLength(50);
    const grouped = run('text', [batch]);
    expect(grouped.stderr.split('\n').filter((line) => line.includes(': warning: '))).toHaveLength(3);
    expect(grouped.stderr).toContain('  and 47 more like this (first at desk/story.md:4:1)');
    const quiet = run('text', [batch], { quiet: true });
    expect(quiet.stderr.split('\n').filter((line) => line.includes(': warning: '))).toHaveLength(0);
    expect(quiet.stderr).toContain('desk/story.md:60:1: error: image "x.png" not found');
    expect(quiet.stderr).toContain('   1 error   image-missing  image "…" not found');
    expect(quiet.stderr).toContain('  50 warning image-remote   remote image "…" is not downloaded; its alt text stands in');
    expect(quiet.stdout).toContain('1 built, 0 failed in 1.5s; 1 error, 50 warnings (warnings and notes not shown: --quiet)');
  });

  it('--max-warnings fails past N warnings, and only past N', () => {
    const batch = Array.from({ length: 5 }, (_, index) => remote(index + 1));
    expect(run('text', [batch], { maxWarnings: 5 }).overLimit).toBe(false);
    const over = run('text', [batch], { maxWarnings: 4 });
    expect(over.overLimit).toBe(true);
    expect(over.stderr).toContain('pressroom: 5 warnings, more than --max-warnings 4 allows');
  });

  it('notes are printed as note:', () => {
    const { stderr } = run('text', [[diagnostic(3, '"date" (Hugo) is read as "published"', 'info', 'front-matter-dialect')]]);
    expect(stderr).toContain('desk/story.md:3:1: note: "date" (Hugo) is read as "published"');
  });
});

describe('machine-readable reports', () => {
  const batch = [remote(4), diagnostic(7, 'the lead picture is missing, 100% sure: "a,b:c"', 'error', 'image'), diagnostic(2, '"date" (Hugo) is read as "published"', 'info', 'front-matter-dialect')];

  it('json: one object per line, every message (no grouping), then a summary', () => {
    const many = Array.from({ length: 10 }, (_, index) => remote(index + 1));
    const { stdout, stderr } = run('json', [[...batch, ...many]]);
    expect(stderr).toBe('');
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.filter((record) => record.type === 'diagnostic')).toHaveLength(13);
    expect(records[0]).toEqual({ type: 'diagnostic', file: 'desk/story.md', line: 4, column: 1, severity: 'warning', ruleId: 'image-remote', message: 'remote image "https://example.com/4.png" is not downloaded; its alt text stands in' });
    expect(records.at(-1)).toMatchObject({ type: 'summary', ok: true, errors: 1, warnings: 11, notes: 1, built: 1 });
  });

  it('github: workflow commands with escaped properties and data', () => {
    const { stdout } = run('github', [batch]);
    const lines = stdout.split('\n');
    expect(lines).toContain('::warning file=desk/story.md,line=4,col=1,title=pressroom image-remote::remote image "https://example.com/4.png" is not downloaded; its alt text stands in');
    expect(lines).toContain('::error file=desk/story.md,line=7,col=1,title=pressroom image::the lead picture is missing, 100%25 sure: "a,b:c"');
    expect(lines).toContain('::notice file=desk/story.md,line=2,col=1,title=pressroom front-matter-dialect::"date" (Hugo) is read as "published"');
  });

  it('github escapes a path with a comma or colon in it', () => {
    const { stdout } = run('github', [[remote(1, 'desk/a,b:c.md')]]);
    expect(stdout).toContain('::warning file=desk/a%2Cb%3Ac.md,line=1');
  });

  it('sarif: one log valid against the SARIF 2.1.0 schema, every result with its rule, level and place', () => {
    const validate = sarifValidator();
    const { stdout } = run('sarif', [batch, [remote(1, 'desk/other story.md')]]);
    const log = JSON.parse(stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = log.runs[0].results;
    expect(results).toHaveLength(4);
    expect(results[1]).toMatchObject({
      ruleId: 'image',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'desk/story.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 1 } } }],
    });
    expect(results[2].level).toBe('note');
    expect(results[3].locations[0].physicalLocation.artifactLocation.uri).toBe('desk/other%20story.md');
    expect(log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['front-matter-dialect', 'image', 'image-remote']);
    expect(results.every((result: { ruleId: string; ruleIndex: number }) => log.runs[0].tool.driver.rules[result.ruleIndex].id === result.ruleId)).toBe(true);
  });

  it('the schema check can fail: a log without results\' message is refused', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a' }] }] })).toBe(false);
  });
});
