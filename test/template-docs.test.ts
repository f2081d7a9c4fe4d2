import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateKeyTables, withKeyTables } from '../src/template/docs.js';
import { REPO_ROOT } from './helpers/cli.js';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe("the README's tables of template keys", () => {
  const tables = templateKeyTables();

  it('are what the schema and the built-in templates say (run `npm run template-docs` after changing either)', () => {
    expect(withKeyTables(README, tables)).toBe(README);
  });

  it('would be caught out of step: a row edited by hand, or a key the schema has and the README lacks', () => {
    const edited = README.replace('| `page.columns` | `1` or `2` |', '| `page.columns` | `1`, `2` or `3` |');
    expect(edited).not.toBe(README);
    expect(withKeyTables(edited, tables)).not.toBe(edited);
    const dropped = README.replace(/^\| `pdf\.tagged` .*\n/m, '');
    expect(withKeyTables(dropped, tables)).toBe(README);
  });

  it('document every key, with its kind, its article default and where the other built-ins differ', () => {
    expect(tables.print).toContain('| `page.size` | `A4`, `A5`, `Letter`, `Legal` | `A4` (handout: `Letter`) | paper size |');
    expect(tables.print).toContain('| `base.leading` | number 1–3 | `1.42` (archival: `1.45`; handout: `1.35`) |');
    expect(tables.print).toContain('| `fonts.body`, `heading`, `sans`, `mono` | `regular`, `italic`, `bold`, `bold_italic` font files | Noto Serif, Noto Serif Bold, Noto Sans, Noto Sans Mono |');
    expect(tables.print).toMatch(/^\| `credit\.prefix` \| text \| — \| .*credit word/m);
    expect(tables.print).not.toContain('embed_fonts');
    expect(tables.ebook).toMatch(/^\| `embed_fonts` \| boolean \| `false` \(archival: `true`\) \|/m);
  });

  it('refuse a README without the markers rather than lose the tables', () => {
    expect(() => withKeyTables('# Pressroom\n', tables)).toThrow(/lacks the markers/);
  });
});
