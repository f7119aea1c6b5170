import { closeSync, existsSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { FRAME_HEADER_BYTES } from '../format/frame.js';
import { partitionFor } from '../partitionFor.js';
import { CorruptLogError } from '../file/corruptLogError.js';
import { DATA_PARTITIONS, dataSegmentPath } from './dataLayout.js';
import { KeyIndex } from './dataIndex.js';
import { payloadPrefix } from './dataPayload.js';
import type { DataRecord } from './dataRecord.js';
import { walkDataSegment } from './walkDataSegment.js';

export interface RecoveredDataLog {
  readonly keys: Map<string, KeyIndex>;
  /** Each partition file's length once whole: where its next frame goes. */
  readonly sizes: number[];
  /** How many frames each partition holds: the next frame's log offset. */
  readonly frames: number[];
}

/**
 * Reads every data partition once, as the offsets log is recovered: checksums verified, a torn
 * tail (a write a crash cut short) cut off, and anything else wrong refused with a CorruptLogError
 * naming the file and byte — a bad checksum, a payload that is no record, a record in the wrong
 * partition, or a key's offsets not 0, 1, 2, … (a log that breaks the rule the appends keep).
 * A tool that only reads (describe) passes `cutTornTail` false and leaves the files as they are.
 */
export function recoverDataLog(dataDir: string, logger: (line: string) => void, cutTornTail = true): RecoveredDataLog {
  const keys = new Map<string, KeyIndex>();
  const sizes: number[] = [];
  const frames: number[] = [];
  for (let partition = 0; partition < DATA_PARTITIONS; partition++) {
    const path = dataSegmentPath(dataDir, partition);
    if (!existsSync(path)) {
      sizes.push(0);
      frames.push(0);
      continue;
    }
    const bytes = readFileSync(path);
    let count = 0;
    const { validBytes: position, tail } = walkDataSegment(bytes, (record, start, end) => {
      count++;
      return indexRecord(keys, partition, record, start, end);
    });
    if (tail.kind === 'corrupt') throw new CorruptLogError(path, position, tail.reason);
    if (tail.kind === 'torn' && cutTornTail) {
      logger(`${path}: cut off an incomplete record at byte ${position} (${tail.bytes} bytes), left by a crash`);
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, position);
      } finally {
        closeSync(fd);
      }
    }
    sizes.push(position);
    frames.push(count);
  }
  return { keys, sizes, frames };
}

/** Adds a record to the index; the reason it cannot be, if any. */
function indexRecord(keys: Map<string, KeyIndex>, partition: number, record: DataRecord, start: number, end: number): string | undefined {
  if (partitionFor(record.key, DATA_PARTITIONS) !== partition) return `key ${JSON.stringify(record.key)} belongs in partition ${partitionFor(record.key, DATA_PARTITIONS)}`;
  let index = keys.get(record.key);
  if (index === undefined) keys.set(record.key, (index = new KeyIndex(partition)));
  if (record.offset !== index.end) return `key ${JSON.stringify(record.key)} expected offset ${index.end} next, got ${record.offset}`;
  const msgBytes = end - start - FRAME_HEADER_BYTES - Buffer.byteLength(payloadPrefix(record.key, record.offset)) - 1;
  index.add(start, end - start, msgBytes);
  return undefined;
}
