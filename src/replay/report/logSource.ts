import { readPartitionCount, segmentPath } from '../../log/dataDirectory.js';
import type { OffsetRecord } from '../../log/offsetRecord.js';
import { frameRecord, readSegment } from '../../log/segmentReader.js';

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
  for (let partition = 0; partition < partitions; partition++) {
    const path = segmentPath(dataDir, partition);
    const contents = readSegment(path);
    for (const frame of contents.frames) yield { partition, offset: frame.logOffset, record: frameRecord(path, frame) };
    if (contents.tail.kind === 'torn') damaged(`${path} ends with an incomplete record at byte ${contents.validBytes}; the report stops there`);
    if (contents.tail.kind === 'corrupt') damaged(`${path}: the record at byte ${contents.validBytes} is corrupt (${contents.tail.reason}); the report stops there`);
  }
}

/** The number of log partitions, and so of sources, a data directory has. */
export function dataDirectoryPartitions(dataDir: string): number {
  return readPartitionCount(dataDir);
}
