/** A command line that does not make sense: reported with the command's usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Status a failed check exits with (a replay that differs, a corrupt log). */
export const EXIT_MISMATCH = 1;
export const EXIT_USAGE = 2;
