import type { OffsetRecord } from './offsetRecord.js';

/**
 * The `__consumer_offsets` log: records split into partitions by group (see partitionFor),
 * each partition an ordered sequence addressed by log offset.
 */
export interface OffsetLog {
  readonly partitionCount: number;
  /**
   * Resolves once every record is in the log — on stable storage, for a durable log — and only
   * then may a write be acknowledged; rejects with an AppendError. A promise also in memory.
   */
  append(records: readonly OffsetRecord[]): Promise<void>;
  /** Every record, each log partition's in log order, one at a time. */
  forEachRecord(visit: (record: OffsetRecord) => void): void;
  close(): void | Promise<void>;
}
