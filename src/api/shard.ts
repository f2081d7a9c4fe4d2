import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../core/clock.js';

export interface Shard {
  /** 1-based, as schedulers count: `--shard 1/4` … `--shard 4/4`. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes K/N with 1 ≤ K ≤ N, e.g. --shard 2/8; got "${value}"`);
  }
  return { index, count };
}

/**
 * Keeps the manuscripts that belong to one shard. Membership hangs on each manuscript's own path
 * (relative to the working folder, with / separators), not on its place in the list, so adding an
 * article moves no other article to another shard, and every machine agrees without talking.
 */
export function selectShard(manuscripts: readonly string[], shard: Shard | undefined, cwd: string): string[] {
  if (!shard || shard.count === 1) return [...manuscripts];
  return manuscripts.filter((manuscript) => shardOf(path.relative(cwd, manuscript).split(path.sep).join('/'), shard.count) === shard.index);
}

export function shardOf(key: string, count: number): number {
  const hash = createHash('sha256').update(key).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}
