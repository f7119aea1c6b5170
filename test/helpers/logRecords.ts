import type { OffsetRecord } from '../../src/log/offsetRecord.js';

/** Every record a log holds, in the order its forEachRecord hands them out. */
export function logRecords(log: { forEachRecord(visit: (record: OffsetRecord) => void): void }): OffsetRecord[] {
  const records: OffsetRecord[] = [];
  log.forEachRecord((record) => records.push(record));
  return records;
}
