import type { OffsetLog } from './offsetLog.js';
import type { OffsetRecord } from './offsetRecord.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from './partitionFor.js';
import { RecordColumns } from './recordColumns.js';

/**
 * The log kept in memory. Records are held in columns rather than as objects or
 * serialized strings: a million records cost tens of megabytes and no garbage-collector
 * work, and they are serialized (with fast-json-stable-stringify) only when they leave
 * the process.
 */
export class MemoryLog implements OffsetLog {
  private readonly partitions: RecordColumns[] = [];

  constructor(readonly partitionCount: number = DEFAULT_LOG_PARTITIONS) {
    for (let i = 0; i < partitionCount; i++) this.partitions.push(new RecordColumns());
  }

  append(records: readonly OffsetRecord[]): void {
    for (const record of records) {
      (this.partitions[partitionFor(record.key.group, this.partitionCount)] as RecordColumns).push(record);
    }
  }

  *records(): Iterable<OffsetRecord> {
    for (const partition of this.partitions) yield* partition.records();
  }

  /** The records of one log partition, from `fromOffset` on. */
  partitionRecords(partition: number, fromOffset = 0): Iterable<OffsetRecord> {
    const columns = this.partitions[partition];
    if (columns === undefined) throw new RangeError(`log partition ${partition} does not exist (0..${this.partitionCount - 1})`);
    return columns.records(fromOffset);
  }

  /** How many records each partition holds (its next log offset). */
  partitionLengths(): number[] {
    return this.partitions.map((partition) => partition.length);
  }

  close(): void {}
}
