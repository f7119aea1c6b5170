import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readPartitionCount, segmentPath } from '../../log/file/dataDirectory.js';
import { CliError, EXIT_USAGE } from '../cliError.js';

export interface SegmentRef {
  /** The log partition, when the path names a data directory. */
  readonly partition: number | undefined;
  readonly path: string;
  /** Its size when listed (0 for a partition with no file yet), for progress. */
  readonly bytes: number;
}

/** How a segment file is named in a data directory: its first log offset, in twenty digits. */
const SEGMENT_NAME = /^\d{20}\.log$/;

/** The path, or a one-line refusal naming what the command expected there. */
export function existingPath(path: string, expected: string): string {
  if (!existsSync(path)) throw new CliError(`${path}: no such file or directory, expected ${expected}`, EXIT_USAGE);
  return path;
}

/** The segment files a path names: every partition of a data directory, or one file. */
export function segmentsAt(path: string): SegmentRef[] {
  existingPath(path, 'a data directory or a segment file');
  if (!statSync(path).isDirectory()) return [{ partition: undefined, path, bytes: statSync(path).size }];
  const count = readPartitionCount(path);
  return Array.from({ length: count }, (_, partition) => {
    const file = segmentPath(path, partition);
    return { partition, path: file, bytes: existsSync(file) ? statSync(file).size : 0 };
  });
}

/**
 * Refuses a file given on its own that holds no readable record at all and is not named as a
 * segment: it is some other file (a transcript, say), not a damaged segment, and the command
 * reads only segments. A partition of a data directory is always a segment, damaged or not.
 */
export function requireSegment(segment: SegmentRef, readableRecords: number, endsCleanly: boolean): void {
  if (segment.partition !== undefined || readableRecords > 0 || endsCleanly || SEGMENT_NAME.test(basename(segment.path))) return;
  throw new CliError(`${segment.path}: not an offsetlog segment: no record reads from its first byte (a transcript is read by replay and describe)`, EXIT_USAGE);
}

/** The total size of the segments, for progress. */
export function totalBytes(segments: readonly SegmentRef[]): number {
  return segments.reduce((sum, segment) => sum + segment.bytes, 0);
}
