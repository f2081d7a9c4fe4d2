// Loads and applies the named patch modules in scripts/patches/ (see scripts/bundle.mjs). Each module
// default-exports { library, version, file, edits: [{ find, replace }] } and says why in its comments;
// an edit is an exact text, never a pattern, and must occur exactly once in the version named.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The patch modules in `dir`, each checked against the version of its library installed in `nodeModules`. */
export async function loadPatches(dir, nodeModules) {
  const patches = [];
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.mjs')).sort()) {
    const patch = (await import(pathToFileURL(path.join(dir, name)).href)).default;
    const module = path.join(path.basename(dir), name);
    const installed = JSON.parse(fs.readFileSync(path.join(nodeModules, patch.library, 'package.json'), 'utf8')).version;
    if (installed !== patch.version) {
      throw new Error(`${module} patches ${patch.library} ${patch.version}, but ${installed} is installed; check whether ${installed} still needs the patch, then update or delete it`);
    }
    patches.push({ ...patch, module });
  }
  return patches;
}

/** `code` (the patched file's text) with every edit of `patch` made; throws when an edit's text does not occur exactly once. */
export function applyPatch(code, patch) {
  return patch.edits.reduce((edited, { find, replace }) => {
    const found = edited.split(find).length - 1;
    if (found !== 1) throw new Error(`${patch.module}: ${patch.library}/${patch.file} has ${found} occurrences of ${JSON.stringify(find)}, not 1; revisit the patch`);
    return edited.replace(find, () => replace);
  }, code);
}
