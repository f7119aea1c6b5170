import { readPartitionCount, segmentPath } from '../../src/log/file/dataDirectory.js';
import { SegmentReader } from '../../src/log/file/segmentReader.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

export interface PartitionContents {
  readonly records: OffsetRecord[];
  /** One past the last record's log offset. */
  readonly nextOffset: number;
  /** The segment file's size. */
  readonly bytes: number;
}

/**
 * What each partition of a data directory holds on disk, read through the log's one segment
 * reader, checksums verified; a partition that does not read cleanly fails the test.
 */
export function dataDirectoryPartitions(dataDir: string): PartitionContents[] {
  const reader = new SegmentReader({ verify: true });
  return Array.from({ length: readPartitionCount(dataDir) }, (_, partition) => {
    const records: OffsetRecord[] = [];
    const end = reader.readFile(segmentPath(dataDir, partition), (record) => records.push(record));
    if (end.tail.kind !== 'clean') throw new Error(`partition ${partition} of ${dataDir} should read cleanly, but ends ${JSON.stringify(end.tail)} at byte ${end.validBytes}`);
    return { records, nextOffset: end.nextOffset, bytes: end.totalBytes };
  });
}
