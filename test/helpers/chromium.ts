import fs from 'node:fs';

/** Debian's Chromium: the browser tests, DAISY Ace and the ebook layout checks drive it (their own downloads do not work here). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium is required, never optional: without it these tests fail and say how to install it. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed (${CHROMIUM} is missing); run \`apt-get install -y chromium\` (.ci/run does this). The browser tests need it and are never skipped.`);
  }
}
