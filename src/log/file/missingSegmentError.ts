/**
 * A partition of an existing data directory whose segment file is not there. Every segment is
 * made before the directory's offsetlog.json (see openLayout), and compaction renames over it,
 * so it never goes missing by itself: it was deleted, and its records with it.
 */
export class MissingSegmentError extends Error {
  override readonly name = 'MissingSegmentError';
  constructor(readonly file: string) {
    super(`${file}: the segment file of a log partition is missing: its records are lost (offsetlog repair makes an empty one, to go on without them)`);
  }
}
