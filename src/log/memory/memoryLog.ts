import type { OffsetLog } from '../offsetLog.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../partitionFor.js';
import { RecordColumns } from '../format/recordColumns.js';
import type { RecordSink } from '../format/recordSink.js';

/**
 * The log kept in memory. Records are held in columns rather than as objects or
 * serialized strings: a million records cost tens of megabytes and no garbage-collector
 * work, and they are serialized (with fast-json-stable-stringify) only when they leave
 * the process.
 *
 * The columns hold records in arrival order, and which partition each record belongs to is
 * worked out only when a partition is asked for (by a test or a debugging tool): an append
 * then writes one set of columns and hashes no group, where 50 partitions' columns cost
 * ~40 ms of 1M requests for the hash and more for writing to 50 places at once.
 */
export class MemoryLog implements OffsetLog {
  private readonly columns = new RecordColumns();
  /** Arrival positions of each partition's records, for the first `indexed` records. */
  private readonly positions: number[][] = [];
  private indexed = 0;

  constructor(readonly partitionCount: number = DEFAULT_LOG_PARTITIONS) {
    for (let i = 0; i < partitionCount; i++) this.positions.push([]);
  }

  append(records: readonly OffsetRecord[]): void {
    for (const record of records) this.columns.push(record);
  }

  /** Every record in arrival order (so each partition's in its log order). */
  records(): Iterable<OffsetRecord> {
    return this.columns.records();
  }

  replay(sink: RecordSink): void {
    this.columns.replay(sink);
  }

  /** The records of one log partition, from `fromOffset` on. */
  partitionRecords(partition: number, fromOffset = 0): Iterable<OffsetRecord> {
    const positions = this.partitionPositions()[partition];
    if (positions === undefined) throw new RangeError(`log partition ${partition} does not exist (0..${this.partitionCount - 1})`);
    if (!Number.isInteger(fromOffset) || fromOffset < 0) throw new RangeError(`no record at log offset ${fromOffset} (the partition holds ${positions.length})`);
    return positions.slice(fromOffset).map((position) => this.columns.at(position));
  }

  /** How many records each partition holds (its next log offset). */
  partitionLengths(): number[] {
    return this.partitionPositions().map((positions) => positions.length);
  }

  close(): void {}

  private partitionPositions(): readonly number[][] {
    for (; this.indexed < this.columns.length; this.indexed++) {
      const group = this.columns.groupAt(this.indexed);
      (this.positions[partitionFor(group, this.partitionCount)] as number[]).push(this.indexed);
    }
    return this.positions;
  }
}
