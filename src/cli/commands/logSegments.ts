import { existsSync, statSync } from 'node:fs';
import { readPartitionCount, segmentPath } from '../../log/file/dataDirectory.js';
import { UsageError } from './usageError.js';

export interface SegmentRef {
  /** The log partition, when the path names a data directory. */
  readonly partition: number | undefined;
  readonly path: string;
}

/** The segment files a path names: every partition of a data directory, or one file. */
export function segmentsAt(path: string): SegmentRef[] {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file or directory`);
  if (!statSync(path).isDirectory()) return [{ partition: undefined, path }];
  const count = readPartitionCount(path);
  return Array.from({ length: count }, (_, partition) => ({ partition, path: segmentPath(path, partition) }));
}
