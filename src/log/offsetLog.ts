import type { OffsetRecord } from './format/offsetRecord.js';
import type { RecordSink } from './format/recordSink.js';

/**
 * The `__consumer_offsets` log: records split into partitions by group (see partitionFor),
 * each partition an ordered sequence addressed by log offset.
 */
export interface OffsetLog {
  readonly partitionCount: number;
  /**
   * Appends records in order. When it returns (or its promise resolves) every record is
   * in the log — and on stable storage, for a durable log — and only then may a commit
   * be acknowledged. A durable log returns a promise; the in-memory log returns nothing,
   * which keeps its callers on a synchronous path.
   */
  append(records: readonly OffsetRecord[]): void | Promise<void>;
  /** Every record; each partition's records in log order (partitions may come one after another or interleaved). */
  records(): Iterable<OffsetRecord>;
  /** The same records in the same order, handed to `sink` field by field: how a restart reads the log, with no object per record. */
  replay(sink: RecordSink): void;
  close(): void | Promise<void>;
}
