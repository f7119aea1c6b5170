/**
 * An append that failed. `definite` is true only when the records surely did not reach the
 * log (the write failed and the file was cut back to where it was), so that a client may
 * safely retry; otherwise they may or may not be there after a restart.
 */
export class AppendError extends Error {
  override readonly name = 'AppendError';
  constructor(
    message: string,
    readonly definite: boolean,
  ) {
    super(message);
  }
}
