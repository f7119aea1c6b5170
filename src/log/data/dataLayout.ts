import { join } from 'node:path';
import { DEFAULT_LOG_PARTITIONS } from '../partitionFor.js';

/**
 * Where the data logs live in a data directory, beside `__consumer_offsets`, partitioned the same
 * way (by partitionFor(key)) so that any number of keys is DATA_PARTITIONS files at most:
 *   DIR/__data-N/00000000000000000000.log   the records of the keys that hash to partition N
 * A partition's directory and file are made by its first append.
 */
export const DATA_TOPIC = '__data';
export const DATA_PARTITIONS = DEFAULT_LOG_PARTITIONS;

export function dataPartitionDirectory(dataDir: string, partition: number): string {
  return join(dataDir, `${DATA_TOPIC}-${partition}`);
}

export function dataSegmentPath(dataDir: string, partition: number): string {
  return join(dataPartitionDirectory(dataDir, partition), '00000000000000000000.log');
}
