import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pressroom's own node_modules, beside src/ and dist/. */
const OWN_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** The version of the package `name` as installed, read from its package.json without loading the package. */
export function installedVersion(name: string): string {
  // Resolved from src/ (or dist/bundle/), a package is found first in Pressroom's own node_modules when it is
  // there: read there, it spares resolving the package (which costs more than a millisecond at start).
  const own = versionIn(path.join(OWN_MODULES, name), name);
  if (own) return own;
  // The package's exports hide its package.json: find it above the resolved entry point.
  for (let dir = path.dirname(createRequire(import.meta.url).resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const version = versionIn(dir, name);
    if (version) return version;
  }
  throw new Error(`cannot find the version of ${name}`);
}

function versionIn(dir: string, name: string): string | undefined {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
  return parsed.name === name ? parsed.version : undefined;
}
