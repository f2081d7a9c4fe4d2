import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'pressroom.js');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `pressroom` binary, as a user would, in `cwd`. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh scratch folder, removed by the caller's afterEach/afterAll through `removeTemp`. */
export function makeTemp(prefix = 'pressroom-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Copies the sample article (its manuscript and pictures) into `target`, without the sample edition
 * that shares its folder: tests that count a catalogue's entries mean the one article.
 */
export function copySampleArticle(target: string): void {
  const sample = path.join(REPO_ROOT, 'manuscript');
  fs.cpSync(sample, target, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(sample, source);
      return !relative.endsWith('.edition.yaml') && relative.split(path.sep)[0] !== 'sample-edition';
    },
  });
}

/** Copies a fixture folder into a scratch folder so tests may change it freely. */
export function copyFixture(name: string, into: string): string {
  const target = path.join(into, name);
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', name), target, { recursive: true });
  return target;
}
