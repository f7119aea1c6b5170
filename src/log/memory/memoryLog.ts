import type { OffsetLog } from '../offsetLog.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { DEFAULT_LOG_PARTITIONS } from '../partitionFor.js';
import { RecordBatch } from '../format/recordBatch.js';

/**
 * The log kept in memory, as one growing RecordBatch: columns rather than objects or serialized
 * text, so that a long log costs the collector nothing to trace.
 *
 * Records are kept in arrival order, which is each partition's log order; which partition a
 * record belongs to is never worked out, since nothing reads a partition on its own: an append
 * then writes one set of columns and hashes no group.
 */
export class MemoryLog implements OffsetLog {
  private readonly records = RecordBatch.empty();

  constructor(readonly partitionCount: number = DEFAULT_LOG_PARTITIONS) {}

  /** The records are in the log when this returns; the promise it gives is resolved already. */
  append(records: readonly OffsetRecord[]): Promise<void> {
    for (const record of records) this.records.push(record);
    return Promise.resolve();
  }

  forEachRecord(visit: (record: OffsetRecord) => void): void {
    this.records.forEach(visit);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
