import type { OffsetRecord } from './offsetRecord.js';

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
  close(): void | Promise<void>;
}
