import { commitRecord, tombstoneRecord, type OffsetRecord } from './offsetRecord.js';

/**
 * Records as columns: the form in which an append crosses to the log's writer thread.
 * Copying records to another thread as objects costs about as much as serializing them
 * (~2 µs a record), which is the work the writer thread is there to take over; names in two
 * string arrays and numbers in one transferred Float64Array cost ~50 ns a record.
 */
export interface RecordBatch {
  readonly groups: readonly string[];
  readonly topics: readonly string[];
  /** Per record: partition, offset (NaN for a tombstone), commit timestamp. Integers up to 2^53-1 are exact. */
  readonly numbers: Float64Array<ArrayBuffer>;
  /** [index, metadata] for the few records that carry metadata. */
  readonly metadata: readonly (readonly [number, string])[];
}

const FIELDS = 3;

export function toRecordBatch(records: readonly OffsetRecord[]): RecordBatch {
  const groups = new Array<string>(records.length);
  const topics = new Array<string>(records.length);
  const numbers = new Float64Array(records.length * FIELDS);
  const metadata: [number, string][] = [];
  for (let index = 0; index < records.length; index++) {
    const { key, value } = records[index] as OffsetRecord;
    groups[index] = key.group;
    topics[index] = key.topic;
    numbers[index * FIELDS] = key.partition;
    numbers[index * FIELDS + 1] = value === null ? Number.NaN : value.offset;
    numbers[index * FIELDS + 2] = value === null ? 0 : value.commitTimestamp;
    if (value?.metadata !== undefined) metadata.push([index, value.metadata]);
  }
  return { groups, topics, numbers, metadata };
}

/** Calls `visit` with each record in turn, equal field for field to those the batch was made from. */
export function forEachRecord(batch: RecordBatch, visit: (record: OffsetRecord) => void): void {
  const { groups, topics, numbers } = batch;
  const metadata = new Map(batch.metadata);
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index] as string;
    const topic = topics[index] as string;
    const partition = numbers[index * FIELDS] as number;
    const offset = numbers[index * FIELDS + 1] as number;
    visit(Number.isNaN(offset) ? tombstoneRecord(group, topic, partition) : commitRecord(group, topic, partition, offset, numbers[index * FIELDS + 2] as number, metadata.get(index)));
  }
}
