import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

/** Every record a log hands to forEachRecord, in the order it hands them over. */
export function logRecords(log: { forEachRecord(visit: (record: OffsetRecord) => void): void }): OffsetRecord[] {
  const records: OffsetRecord[] = [];
  log.forEachRecord((record) => records.push(record));
  return records;
}
