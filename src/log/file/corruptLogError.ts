/** A damaged log: a whole record that fails its checksum or does not decode. */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
  constructor(
    readonly file: string,
    readonly position: number,
    reason: string,
  ) {
    super(`${file}: the record at byte ${position} is corrupt (${reason})`);
  }
}
