import { commitRecord, tombstoneRecord, type OffsetRecord } from './offsetRecord.js';

/**
 * Takes a log's records field by field, in log order (see OffsetLog.replay). A reader that
 * hands records over this way makes no object per record: a restart reads a million records,
 * and an object with a key and a value for each was garbage the moment the table had it.
 */
export interface RecordSink {
  commit(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, metadata: string | undefined): void;
  tombstone(group: string, topic: string, partition: number): void;
}

/** Hands one record object to a sink. */
export function sendRecord(sink: RecordSink, { key, value }: OffsetRecord): void {
  if (value === null) sink.tombstone(key.group, key.topic, key.partition);
  else sink.commit(key.group, key.topic, key.partition, value.offset, value.commitTimestamp, value.metadata);
}

/** A sink that keeps the last record handed to it, as an object: for readers that yield records. */
export class LastRecord implements RecordSink {
  record: OffsetRecord | undefined;

  commit(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, metadata: string | undefined): void {
    this.record = commitRecord(group, topic, partition, offset, commitTimestamp, metadata);
  }

  tombstone(group: string, topic: string, partition: number): void {
    this.record = tombstoneRecord(group, topic, partition);
  }
}
