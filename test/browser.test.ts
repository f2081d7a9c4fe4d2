import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogServer, listen } from '../src/serve/server.js';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from './helpers/chromium.js';
import { copySampleArticle, makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';

/** The README's picture of the catalogue is refreshed only when asked: a test run leaves the repository as it was. */
const DOCS_SCREENSHOT = path.join(REPO_ROOT, 'docs', 'catalog.png');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A drawn lead picture (no text, so it looks the same whatever fonts the machine has). */
function nightBusPicture(): Promise<Buffer> {
  const windows = Array.from({ length: 60 }, (_, index) => {
    const column = index % 15;
    const row = Math.floor(index / 15);
    const lit = (column * 7 + row * 3) % 5 !== 0;
    return `<rect x="${70 + column * 72}" y="${250 + row * 46}" width="26" height="20" fill="${lit ? '#ffd36b' : '#23304d'}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b1433"/><stop offset="1" stop-color="#3a2f6b"/></linearGradient></defs>
  <rect width="1200" height="675" fill="url(#sky)"/>
  <circle cx="1010" cy="120" r="52" fill="#f4efd8"/>
  <rect x="40" y="220" width="1120" height="230" fill="#141d36"/>${windows}
  <rect x="0" y="450" width="1200" height="225" fill="#1d2233"/>
  <rect x="0" y="560" width="1200" height="8" fill="#fca311" opacity=".8"/>
  <rect x="250" y="430" width="560" height="140" rx="22" fill="#e63946"/>
  <rect x="280" y="452" width="440" height="52" rx="8" fill="#bfe3ff"/>
  <rect x="735" y="452" width="52" height="96" rx="6" fill="#bfe3ff"/>
  <circle cx="350" cy="575" r="34" fill="#0d0f14"/><circle cx="700" cy="575" r="34" fill="#0d0f14"/>
  <circle cx="350" cy="575" r="14" fill="#6b7280"/><circle cx="700" cy="575" r="14" fill="#6b7280"/>
  <rect x="795" y="520" width="16" height="20" rx="4" fill="#fff6c2"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const STORIES = {
  'night-buses': `---
title: Night buses return to six city routes after a year-long trial
dek: Riders on the outer estates can get home after midnight again; the council says fares pay for a third of the cost.
reporter: [Ana Ruiz, Tomás Okafor]
published: 2023-05-02T06:00:00+01:00
slug: night-buses
image:
  src: images/night-bus.png
  alt: Drawing of a red bus passing lit office windows at night.
tags: [Transport, City council]
---

The council voted on Tuesday to keep six night routes that ran as a trial last year.
`,
  'heatwave-grid': `---
title: Heatwave pushes the national grid to a record evening peak
dek: Operators asked factories to shift their load as air conditioners ran flat out in the hottest July on record.
reporter: Priya Raman
published: 2023-07-18T21:40:00+02:00
slug: heatwave-grid
tags: [Energy, Weather]
---

Demand peaked at 8.40pm, an hour later than the operators had forecast.
`,
  'library-hours': `---
title: Library card sign-ups triple as branches extend opening hours
dek: Evening and Sunday openings drew students and shift workers; three more branches follow in the autumn.
reporter: Jonas Žemaitis
published: 2023-03-09T10:15:00+01:00
slug: library-hours
---

Sign-ups in the first month of longer hours were three times those of a year earlier.
`,
};

describe('the catalogue page in Chromium', () => {
  let dir: string;
  let out: string;
  let server: http.Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    dir = makeTemp();
    copySampleArticle(path.join(dir, 'desk'));
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'night-bus.png'), await nightBusPicture());
    for (const [slug, text] of Object.entries(STORIES)) {
      fs.writeFileSync(path.join(dir, slug === 'library-hours' ? 'library-hours.md' : path.join('desk', `${slug}.md`)), text);
    }
    const run = runCli(['build', 'desk', '--out', 'out'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    // One article only as a PDF, built by another run into the same folder.
    const pdfOnly = runCli(['build', 'library-hours.md', '--out', 'out', '--format', 'pdf'], { cwd: dir });
    expect(pdfOnly.status, pdfOnly.stderr).toBe(0);
    out = path.join(dir, 'out');
    server = createCatalogServer({ root: out });
    const address = await listen(server, 0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    if (dir) removeTemp(dir);
  });

  /** Opens the page and records every console error, page error, failed request and HTTP error. */
  async function open(options: { width: number; height: number; colorScheme?: 'light' | 'dark'; bypassCSP?: boolean }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: options.height },
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
      // The page's policy forbids scripts from fetching anything; the test's own fetch needs that lifted.
      bypassCSP: options.bypassCSP ?? false,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    const response = await page.goto(base, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  it('loads with no console errors, every picture shown, accessible structure, no sideways scrolling', async () => {
    const { page, problems } = await open({ width: 1280, height: 900 });
    expect(await page.title()).toBe('Articles — ebooks to download');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('article.card h2').allTextContents()).toEqual([
      'Heatwave pushes the national grid to a record evening peak',
      'Night buses return to six city routes after a year-long trial',
      'Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief',
      'Library card sign-ups triple as branches extend opening hours',
    ]);
    const pictures = await page.locator('img').evaluateAll((images) =>
      (images as HTMLImageElement[]).map((image) => ({ src: image.currentSrc, ok: image.complete && image.naturalWidth > 0, alt: image.getAttribute('alt') })),
    );
    expect(pictures).toHaveLength(4);
    for (const picture of pictures) {
      expect(picture.ok, picture.src).toBe(true);
      expect(picture.alt, picture.src).not.toBeNull();
    }
    const unnamedLinks = await page.locator('a').evaluateAll((links) => links.filter((link) => !(link.textContent ?? '').trim()).length);
    expect(unnamedLinks).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // The first Tab reaches the skip link, and it shows.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    expect(await page.locator('.skip').evaluate((link) => link.getBoundingClientRect().top >= 0)).toBe(true);
    await page.keyboard.press('Shift+Tab');

    const screenshot = await page.screenshot({ fullPage: true });
    expect(screenshot.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (process.env.PRESSROOM_UPDATE_DOCS) fs.writeFileSync(DOCS_SCREENSHOT, screenshot);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('every download link answers 200 with the right bytes and saves under the file name', async () => {
    const { page, problems } = await open({ width: 1280, height: 900, bypassCSP: true });
    const links = await page.locator('a[download]').evaluateAll((anchors) => (anchors as HTMLAnchorElement[]).map((anchor) => ({ href: anchor.href, name: anchor.download })));
    expect(links).toHaveLength(7);
    for (const link of links) {
      const expected = sha256(fs.readFileSync(path.join(out, link.name)));
      const fetched = await page.evaluate(async (href) => {
        const response = await fetch(href);
        const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
        return { status: response.status, digest: [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') };
      }, link.href);
      expect(fetched, link.href).toEqual({ status: 200, digest: expected });

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[download="${link.name}"]`).click()]);
      expect(download.suggestedFilename()).toBe(link.name);
      expect(sha256(fs.readFileSync(await download.path()))).toBe(expected);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reads well on a phone and in dark mode', async () => {
    const { page, problems } = await open({ width: 375, height: 740, colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const button = await page.locator('a.epub').first().boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44);
    const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    expect(colours[0]).not.toBe(colours[1]);
    expect(colours[0]).toBe('rgb(16, 21, 31)');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
