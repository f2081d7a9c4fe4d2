import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { TOOL_VERSION } from '../src/core/version.js';
import { renderEpub } from '../src/epub/index.js';
import { resolveDocument } from '../src/model/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from './helpers/chromium.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';
import { openZip } from './helpers/zip.js';

/*
 * The ebook style sheets reflow: at a phone's width and a tablet's, no element of any page of the
 * book is wider than the screen (long addresses, long words, code, a wide table, pictures), in
 * every built-in template. Chromium lays the XHTML out as a reading system built on it would.
 */

const TEMPLATES = ['article', 'handout', 'archival'];
const WIDTHS = [360, 1024];
const BOOKS = ['test/fixtures/accessibility/input.md', 'test/fixtures/kitchen-sink/input.md'];
const PAGES = ['OEBPS/cover.xhtml', 'OEBPS/article.xhtml', 'OEBPS/toc.xhtml'];

describe('ebook style sheets in Chromium', () => {
  let dir: string;
  let browser: Browser;
  /** Unpacked books by template. */
  const folders = new Map<string, string[]>();

  beforeAll(async () => {
    requireChromium();
    dir = makeTemp('pressroom-ebook-layout-');
    for (const name of TEMPLATES) {
      const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name));
      const unpacked: string[] = [];
      for (const input of BOOKS) {
        const absolute = path.join(REPO_ROOT, input);
        const manuscript = readManuscript(absolute, newManuscriptFile(absolute));
        const bytes = await renderEpub(await resolveDocument(manuscript), { template, buildDate: buildInstant(lastModified(manuscript.article).instant, {}), toolVersion: TOOL_VERSION });
        const folder = path.join(dir, name, manuscript.article.slug);
        const zip = await openZip(bytes);
        for (const entry of zip.entries) {
          if (entry.dir) continue;
          const target = path.join(folder, entry.name);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, await entry.bytes());
        }
        unpacked.push(folder);
      }
      folders.set(name, unpacked);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) removeTemp(dir);
  });

  for (const name of TEMPLATES) {
    for (const width of WIDTHS) {
      it(`fits every element of the ${name} template's pages into ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        try {
          const page = await context.newPage();
          let checked = 0;
          for (const folder of folders.get(name)!) {
            for (const file of PAGES) {
              await page.goto(`file://${path.join(folder, file)}`);
              // The style sheet is applied: a page shown without it would pass for the wrong reason.
              expect(await page.evaluate(() => document.styleSheets.length), file).toBe(1);
              const result = await page.evaluate(() => {
                const viewport = document.documentElement.clientWidth;
                const wide: string[] = [];
                const elements = Array.from(document.body.querySelectorAll('*'));
                for (const element of elements) {
                  const box = element.getBoundingClientRect();
                  if (box.width === 0 && box.height === 0) continue;
                  if (box.right > viewport + 0.5 || box.left < -0.5) {
                    const label = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className}` : ''}`;
                    wide.push(`${label} spans ${Math.round(box.left)}..${Math.round(box.right)}: ${(element.textContent ?? '').trim().slice(0, 60)}`);
                  }
                }
                return { viewport, scrollWidth: document.documentElement.scrollWidth, elements: elements.length, wide };
              });
              expect(result.viewport).toBe(width);
              expect(result.wide, `${path.basename(folder)}/${file}`).toEqual([]);
              expect(result.scrollWidth, `${path.basename(folder)}/${file} scrolls sideways`).toBeLessThanOrEqual(width);
              checked += result.elements;
            }
          }
          expect(checked).toBeGreaterThan(200);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('breaks long addresses and words, and keeps the language for hyphenation', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`file://${path.join(folders.get('article')![0]!, 'OEBPS/article.xhtml')}`);
      const styles = await page.evaluate(() => {
        const link = Array.from(document.querySelectorAll('a')).find((anchor) => anchor.textContent!.startsWith('https://example.com/a/very/long'))!;
        const code = document.querySelector('pre code')!;
        return {
          link: getComputedStyle(link).overflowWrap,
          code: getComputedStyle(code).overflowWrap,
          hyphens: getComputedStyle(document.querySelector('p')!).hyphens,
          lang: document.documentElement.lang,
          linkLines: link.getClientRects().length,
        };
      });
      expect(styles).toMatchObject({ link: 'anywhere', code: 'anywhere', hyphens: 'auto', lang: 'en' });
      // The address runs over several lines instead of off the screen.
      expect(styles.linkLines).toBeGreaterThan(1);
    } finally {
      await context.close();
    }
  });
});
