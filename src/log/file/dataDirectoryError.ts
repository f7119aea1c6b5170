/** A data directory that cannot be used: not one, another format, or locked by a live node. */
export class DataDirectoryError extends Error {
  override readonly name = 'DataDirectoryError';
}
