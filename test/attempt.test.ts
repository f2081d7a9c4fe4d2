import { describe, expect, it } from 'vitest';
import { attempt } from '../src/api/attempt.js';
import { failIfErrors, reportError, type Diagnostic } from '../src/core/diagnostics.js';

const fromTemplate: Diagnostic = { file: 'house/print.yaml', line: 3, column: 1, severity: 'error', reason: 'unknown key', ruleId: 'template' };

describe('running one manuscript through a step', () => {
  it('gives the value, the slug, and the messages noted from other files before the manuscript’s own', async () => {
    const done = await attempt('desk/a.md', 'building', async ({ file, noteSlug, noteMessages }) => {
      noteSlug('a');
      noteMessages([fromTemplate]);
      file.message('a note on the manuscript', { line: 2, column: 1 });
      return 42;
    });
    expect(done.value).toBe(42);
    expect(done.slug).toBe('a');
    expect(done.messages.map((message) => message.file)).toEqual(['house/print.yaml', 'desk/a.md']);
    expect(done.internalError).toBeUndefined();
  });

  it('a problem in the manuscript ends the step with its messages and no internal error', async () => {
    const stopped = await attempt('desk/b.md', 'building', async ({ file }) => {
      reportError(file, 'the date does not exist', { line: 4, column: 12 }, 'date');
      failIfErrors(file);
      return 'never';
    });
    expect(stopped.value).toBeUndefined();
    expect(stopped.messages).toMatchObject([{ file: 'desk/b.md', line: 4, column: 12, severity: 'error', reason: 'the date does not exist' }]);
    expect(stopped.internalError).toBeUndefined();
  });

  it('a bug in Pressroom is reported on this manuscript, with its stack kept for --debug', async () => {
    const crashed = await attempt('desk/c.md', 'packaging', async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(crashed.value).toBeUndefined();
    expect(crashed.messages).toMatchObject([
      {
        file: 'desk/c.md',
        line: 1,
        column: 1,
        severity: 'error',
        reason: 'internal error while packaging: cannot read properties of undefined. This is a bug in Pressroom; run with --debug for the stack trace and report it',
      },
    ]);
    expect(crashed.internalError?.stack).toContain('TypeError');
  });
});
