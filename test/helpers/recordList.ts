import { commitRecord, tombstoneRecord, type OffsetRecord } from '../../src/log/format/offsetRecord.js';
import type { RecordSink } from '../../src/log/format/recordSink.js';

/** A sink that keeps, as objects, every record handed to it. */
export class RecordList implements RecordSink {
  readonly records: OffsetRecord[] = [];

  commit(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, metadata: string | undefined): void {
    this.records.push(commitRecord(group, topic, partition, offset, commitTimestamp, metadata));
  }

  tombstone(group: string, topic: string, partition: number): void {
    this.records.push(tombstoneRecord(group, topic, partition));
  }
}
