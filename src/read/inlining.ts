/** The V8 flag this module switches; one a user passed to Node is left as they set it. */
const FLAG = 'turbo-inlining';

function setByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((argument) => argument.includes(FLAG));
}

/**
 * Runs `work` with TurboFan's inlining off, then turns it back on.
 *
 * micromark is a web of small closures. Optimizing them with inlining, V8 spends about 1.3 s of CPU
 * compiling while it parses a 300,000-word manuscript in 3.7 s. When two workers parse the two
 * halves of a long manuscript, that compiling takes the cores they parse on: each half took 3.3 s
 * with inlining and 2.7 s without (measured on 2 cores). Rendering is slightly faster with inlining,
 * so it is off only while the halves are parsed and swapped; both threads are parsing then.
 *
 * The flag is process-wide; with it off, V8 rejects code caches (they are keyed by the flags), so a
 * chunk first loaded in that window compiles from source. The renderers load after it, with theirs.
 */
export async function withoutInlining<T>(work: () => Promise<T>): Promise<T> {
  if (setByUser()) return work();
  // node:v8 is loaded here, not at start-up: only long manuscripts come this way.
  const v8 = process.getBuiltinModule('node:v8');
  v8.setFlagsFromString(`--no-${FLAG}`);
  try {
    return await work();
  } finally {
    v8.setFlagsFromString(`--${FLAG}`);
  }
}
