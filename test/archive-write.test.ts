import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleBag } from '../src/archive/bagit.js';
import { verifyBag } from '../src/archive/verify.js';
import { sweepStaleBagTemps, writeBagFolder } from '../src/archive/write.js';
import { makeTemp, removeTemp } from './helpers/cli.js';

const DATE = new Date('2023-04-21T17:21:00Z');
/** A pid no process has (above Linux's pid_max). */
const DEAD_PID = 4_194_400;

function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('writing a bag folder atomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp('pressroom-bag-write-');
  });
  afterEach(() => removeTemp(dir));

  it('replaces the previous bag whole, with fixed times', async () => {
    const destination = path.join(dir, 'story-bag');
    writeBagFolder(assembleBag('story-bag', [{ path: 'old.txt', data: Buffer.from('old') }], [], DATE), destination);
    writeBagFolder(assembleBag('story-bag', [{ path: 'new.txt', data: Buffer.from('new') }], [], DATE), destination);
    expect(fs.readdirSync(dir)).toEqual(['story-bag']);
    expect(fs.readdirSync(path.join(destination, 'data'))).toEqual(['new.txt']);
    expect((await verifyBag(destination)).problems).toEqual([]);
    for (const name of listAll(destination)) expect(fs.statSync(path.join(destination, name)).mtime.toISOString(), name).toBe(DATE.toISOString());
  });

  it('a write that fails midway leaves the previous bag as it was and nothing half-written', () => {
    const destination = path.join(dir, 'story-bag');
    writeBagFolder(assembleBag('story-bag', [{ path: 'good.txt', data: Buffer.from('good') }], [], DATE), destination);
    const before = listAll(destination).map((name) => [name, fs.statSync(path.join(destination, name)).isFile() ? fs.readFileSync(path.join(destination, name), 'utf8') : '/']);
    // "a" is both a file and a folder: writing fails after some files are already down.
    const impossible = assembleBag('story-bag', [{ path: 'a', data: Buffer.from('1') }, { path: 'a/b', data: Buffer.from('2') }], [], DATE);
    expect(() => writeBagFolder(impossible, destination)).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['story-bag']);
    expect(listAll(destination).map((name) => [name, fs.statSync(path.join(destination, name)).isFile() ? fs.readFileSync(path.join(destination, name), 'utf8') : '/'])).toEqual(before);
  });

  it('after a run killed outright: half-written bags are removed, an old bag moved aside comes back', () => {
    const half = path.join(dir, `.pressroom-${DEAD_PID}-half-bag.tmp`);
    fs.mkdirSync(path.join(half, 'data'), { recursive: true });
    const aside = path.join(dir, `.pressroom-${DEAD_PID}-kept-bag.old.tmp`);
    fs.mkdirSync(path.join(aside, 'data'), { recursive: true });
    fs.writeFileSync(path.join(aside, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const replaced = path.join(dir, `.pressroom-${DEAD_PID}-done-bag.old.tmp`);
    fs.mkdirSync(replaced);
    fs.mkdirSync(path.join(dir, 'done-bag'));
    const mine = path.join(dir, `.pressroom-${process.pid}-busy-bag.tmp`);
    fs.mkdirSync(mine);
    sweepStaleBagTemps(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([`.pressroom-${process.pid}-busy-bag.tmp`, 'done-bag', 'kept-bag']);
    expect(fs.existsSync(path.join(dir, 'kept-bag', 'bagit.txt'))).toBe(true);
  });
});
