/**
 * Every timestamp an output carries comes from here, never from the wall clock,
 * so that the same inputs give the same bytes (reproducible builds).
 * SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) wins when set;
 * otherwise the article's own last-changed date stands in.
 */
export function buildInstant(articleModified: Date, env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && raw.trim() !== '') {
    if (!/^\d+$/.test(raw.trim())) {
      throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${raw}"`);
    }
    return new Date(Number(raw.trim()) * 1000);
  }
  return articleModified;
}

/** A mistake in how the tool was called (exit code 2), as opposed to a bad manuscript. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
