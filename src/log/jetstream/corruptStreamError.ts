/** A stream holds a message that is not a record of its log. */
export class CorruptStreamError extends Error {
  override readonly name = 'CorruptStreamError';
}
