import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOG_PARTITIONS } from '../partitionFor.js';
import { DataDirectoryError } from './dataDirectoryError.js';
import { syncDirectory } from './syncDirectory.js';

/**
 * The data directory's layout, as Kafka lays out a topic:
 *   DIR/offsetlog.json                                  format and partition count
 *   DIR/.lock                                           the pid of the node holding the lock (see directoryLock.ts)
 *   DIR/__consumer_offsets-N/00000000000000000000.log   partition N's records
 *   DIR/__consumer_offsets-N/last-compaction-kept       records its last compaction kept
 */
export const LOG_TOPIC = '__consumer_offsets';
const SEGMENT = '00000000000000000000.log';
const FORMAT = 1;

export function partitionDirectory(dataDir: string, partition: number): string {
  return join(dataDir, `${LOG_TOPIC}-${partition}`);
}

export function segmentPath(dataDir: string, partition: number): string {
  return join(partitionDirectory(dataDir, partition), SEGMENT);
}

/** How many records the partition's last compaction kept: what the next one is measured against. */
export function compactionMarkPath(dataDir: string, partition: number): string {
  return join(partitionDirectory(dataDir, partition), 'last-compaction-kept');
}

/** Where compaction writes a partition before renaming it into place. */
export function compactingPath(dataDir: string, partition: number): string {
  return `${segmentPath(dataDir, partition)}.compacting`;
}

/**
 * Reads the directory's partition count, creating the directory when new: every partition's
 * (empty) segment file first, durably, and its offsetlog.json last, so that in a directory
 * with an offsetlog.json a missing segment is one that was deleted (see MissingSegmentError).
 */
export function openLayout(dataDir: string, partitionsIfNew = DEFAULT_LOG_PARTITIONS): number {
  mkdirSync(dataDir, { recursive: true });
  const metaPath = join(dataDir, 'offsetlog.json');
  if (!existsSync(metaPath)) {
    for (let partition = 0; partition < partitionsIfNew; partition++) {
      mkdirSync(partitionDirectory(dataDir, partition), { recursive: true });
      closeSync(openSync(segmentPath(dataDir, partition), 'a'));
      syncDirectory(partitionDirectory(dataDir, partition));
    }
    syncDirectory(dataDir);
    writeFileSync(metaPath, `${JSON.stringify({ format: FORMAT, partitions: partitionsIfNew })}\n`, { flush: true });
    syncDirectory(dataDir);
  }
  return readPartitionCount(dataDir);
}

/** The partition count of an existing data directory, changing nothing (for inspection). */
export function readPartitionCount(dataDir: string): number {
  const metaPath = join(dataDir, 'offsetlog.json');
  if (!existsSync(metaPath)) throw new DataDirectoryError(`${dataDir} is not an offsetlog data directory (no offsetlog.json)`);
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (error) {
    throw new DataDirectoryError(`${metaPath} is not readable JSON: ${(error as Error).message}`);
  }
  const { format, partitions } = (meta ?? {}) as { format?: unknown; partitions?: unknown };
  if (format !== FORMAT) throw new DataDirectoryError(`${metaPath} has format ${JSON.stringify(format)}; this offsetlog reads format ${FORMAT}`);
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
    throw new DataDirectoryError(`${metaPath} has no valid partition count`);
  }
  return partitions;
}
