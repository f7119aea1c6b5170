/**
 * What happened to a key's committed offset, in the order it happened:
 * - commit: an acknowledged commit that kept or raised the offset (or set a first one);
 * - rewind: an acknowledged commit that moved it backwards (last commit wins, as in Kafka);
 * - error: a commit answered with an error: it moved nothing;
 * - delete: offset_delete or delete_groups removed it;
 * - expire: its last commit grew older than the retention period, so fetches stopped seeing it;
 * - reset: the node restarted without a data directory, so it was gone;
 * - tombstone: a data directory's tombstone (a delete or an expiry: the log does not say which).
 */
export const MARK_KINDS = ['commit', 'rewind', 'error', 'delete', 'expire', 'reset', 'tombstone'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/**
 * Where a mark came from. `source` indexes the report's inputs; `position` is the input step
 * (1-based, as `offsetlog replay --until` counts them) for a transcript, or the record's offset
 * in its log partition for a data directory.
 */
export interface Origin {
  readonly source: number;
  readonly position: number;
  readonly client?: string | undefined;
  readonly msgId?: number | undefined;
}

export interface Mark extends Origin {
  readonly kind: MarkKind;
  readonly t: number;
  /** After a commit or rewind, the new offset; for an error, the offset the commit asked for; for a removal, the offset that went. */
  readonly offset: number | undefined;
  readonly metadata: string | undefined;
  readonly code: number | undefined;
  readonly text: string | undefined;
}

export interface Fetch extends Origin {
  readonly t: number;
  /** The offset the fetch read (0 when none was committed, as the node answers). */
  readonly offset: number;
}

/** What a column holds where a value is absent (no client, no metadata, no offset). */
export const NONE = -1;

/** Parallel columns, one entry per mark: what the report writes out, without an object per mark. */
export class MarkColumns {
  readonly series: number[] = [];
  readonly kind: number[] = [];
  readonly t: number[] = [];
  readonly source: number[] = [];
  readonly position: number[] = [];
  /** Indexes into the timeline's strings, NONE when absent; so are metadata and text. */
  readonly client: number[] = [];
  readonly msgId: number[] = [];
  readonly offset: number[] = [];
  readonly metadata: number[] = [];
  readonly code: number[] = [];
  readonly text: number[] = [];
}

export class FetchColumns {
  readonly series: number[] = [];
  readonly t: number[] = [];
  readonly source: number[] = [];
  readonly position: number[] = [];
  readonly client: number[] = [];
  readonly msgId: number[] = [];
  readonly offset: number[] = [];
}
