import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { FrameWalk } from '../format/frame.js';
import { peekRecordKey, RecordFormatError } from '../format/recordCodec.js';
import { CorruptLogError } from './corruptLogError.js';
import { compactingPath, compactionMarkPath, partitionDirectory, segmentPath } from './dataDirectory.js';
import { syncDirectory } from './syncDirectory.js';

export interface CompactedSegment {
  /** The kept frames, as stored (each keeps its log offset and checksum), in log order. */
  readonly bytes: Buffer;
  readonly recordsBefore: number;
  readonly recordsKept: number;
}

/**
 * What compaction, as Kafka's log cleaner does it, leaves of a segment: the newest record of
 * each key, in log order. A key whose newest record is a tombstone is dropped, except the
 * segment's very last record, kept so that log offsets never go back.
 *
 * The segment is one this process has written or verified since it locked the log, so frames
 * are not checksummed again: a frame damaged since is copied with its stored checksum and still
 * fails it when the log is next opened. Frames are read in place and only their key bytes are
 * looked at, with no Buffer or record per frame: every write queued behind a compaction waits
 * for it.
 */
export function compactSegment(segment: Buffer, file: string): CompactedSegment {
  const starts: number[] = [];
  const ends: number[] = [];
  const tombstones: boolean[] = [];
  const newest = new Map<string, number>();
  const frames = new FrameWalk(segment, { verify: false });
  while (frames.next()) {
    const { key, tombstone } = peekKey(segment, frames.payloadStart, frames.end, file, frames.start);
    newest.set(key, starts.length);
    starts.push(frames.start);
    ends.push(frames.end);
    tombstones.push(tombstone);
  }
  const last = starts.length - 1;
  const kept = [...newest.values()].filter((index) => !tombstones[index] || index === last).sort((a, b) => a - b);
  let size = 0;
  for (const index of kept) size += (ends[index] as number) - (starts[index] as number);
  const bytes = Buffer.allocUnsafe(size);
  let written = 0;
  for (const index of kept) written += segment.copy(bytes, written, starts[index], ends[index]);
  return { bytes, recordsBefore: starts.length, recordsKept: kept.length };
}

/**
 * Rewrites a partition's segment file as compactSegment says, reading only its first `size`
 * bytes (the ones its writer counts as written: a rollback that failed may have left more).
 * The new file is written and synced beside the old one and renamed over it, so a crash at any
 * moment leaves one of the two, whole; until the rename succeeds, the old file (and the
 * descriptor appends go to) stay as they were. The new file is opened with `appendFlags` before
 * the rename and handed to `switchTo` right after it, so that nothing can fail between the
 * rename and the writer's appending to the new file.
 *
 * Synchronous: on the writer thread it holds up only the writes, which wait for it anyway,
 * where each step of an asynchronous one would wait for the thread to finish serializing a batch.
 */
export function compactPartition(dataDir: string, partition: number, size: number, appendFlags: number, switchTo: (fd: number, compacted: CompactedSegment) => void): void {
  const path = segmentPath(dataDir, partition);
  const compacted = compactSegment(readFileSync(path).subarray(0, size), path);
  const temporary = compactingPath(dataDir, partition);
  let fd: number | undefined;
  try {
    writeFileSync(temporary, compacted.bytes, { flush: true });
    fd = openSync(temporary, appendFlags);
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true, recursive: true });
    throw error;
  }
  switchTo(fd, compacted);
  syncDirectory(partitionDirectory(dataDir, partition));
  // Remembered across restarts, so that a node restarted often still compacts (if this write
  // is lost, the next compaction merely comes sooner).
  const mark = compactionMarkPath(dataDir, partition);
  writeFileSync(`${mark}.tmp`, `${compacted.recordsKept}\n`);
  renameSync(`${mark}.tmp`, mark);
}

function peekKey(segment: Buffer, start: number, end: number, file: string, position: number): { key: string; tombstone: boolean } {
  try {
    return peekRecordKey(segment, start, end);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(file, position, error.message);
    throw error;
  }
}
