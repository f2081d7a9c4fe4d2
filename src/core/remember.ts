import fs from 'node:fs';

/**
 * `read`, answered from memory while the file's inode, size and times are unchanged: a process
 * that builds again (watch, serve, the API) reads again only the files that changed (the books of
 * the catalogue, the package.json of a template's font package). Outputs are replaced by
 * renaming, so a rewritten book always has a new inode. Throws, as fs.statSync does, for a file
 * that is not there.
 */
export function rememberByStat<T>(read: (file: string) => T): (file: string) => T {
  const known = new Map<string, { stamp: string; value: T }>();
  return (file) => {
    const stat = fs.statSync(file, { bigint: true });
    const stamp = `${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs}`;
    const remembered = known.get(file);
    if (remembered?.stamp === stamp) return remembered.value;
    const value = read(file);
    known.set(file, { stamp, value });
    return value;
  };
}
