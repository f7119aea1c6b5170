import type { OffsetRecord } from './format/offsetRecord.js';

/**
 * The `__consumer_offsets` log: records split into partitions by group (see partitionFor),
 * each partition an ordered sequence addressed by log offset.
 */
export interface OffsetLog {
  readonly partitionCount: number;
  /**
   * Appends records in order. Resolves once every record is in the log (on stable storage, for
   * a durable log), and only then may a commit be acknowledged; rejects with an AppendError.
   * Always a promise, also in memory.
   */
  append(records: readonly OffsetRecord[]): Promise<void>;
  /**
   * Every record, each log partition's in log order (partitions one after another or
   * interleaved), handed to `visit` one at a time: a rebuild, a restart of a replayed session.
   */
  forEachRecord(visit: (record: OffsetRecord) => void): void;
  close(): Promise<void>;
}
