import { readPartitionCount, segmentPath } from '../../log/file/dataDirectory.js';
import type { OffsetRecord } from '../../log/format/offsetRecord.js';
import { SegmentReader } from '../../log/file/segmentReader.js';

export interface LogEntry {
  /** The __consumer_offsets partition the record is in. */
  readonly partition: number;
  /** Its offset in that partition. */
  readonly offset: number;
  readonly record: OffsetRecord;
}

/**
 * Every good record of a data directory, partition by partition, in log order, with what
 * could not be read said to `damaged` (a torn or corrupt tail: the report shows what comes
 * before it). The report's one way into a data directory, so that a change of the segment
 * reader's API is met here alone.
 */
export function* dataDirectoryRecords(dataDir: string, damaged: (text: string) => void): Generator<LogEntry> {
  const partitions = readPartitionCount(dataDir);
  const reader = new SegmentReader({ verify: true });
  for (let partition = 0; partition < partitions; partition++) {
    const path = segmentPath(dataDir, partition);
    const entries: LogEntry[] = [];
    const contents = reader.readFile(path, (record, offset) => entries.push({ partition, offset, record }));
    yield* entries;
    if (contents.tail.kind === 'torn') damaged(`${path} ends with an incomplete record at byte ${contents.validBytes}; the report stops there`);
    if (contents.tail.kind === 'corrupt') damaged(`${path}: the record at byte ${contents.validBytes} is corrupt (${contents.tail.reason}); the report stops there`);
  }
}

/** The number of log partitions, and so of sources, a data directory has. */
export function dataDirectoryPartitions(dataDir: string): number {
  return readPartitionCount(dataDir);
}
