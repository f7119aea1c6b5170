import * as nodeFs from 'node:fs';
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

/** The file system calls compaction makes: node:fs, or a stand-in that fails on cue in tests. */
export type CompactionFs = Pick<typeof nodeFs, 'readFileSync' | 'openSync' | 'writeSync' | 'fdatasyncSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'fstatSync' | 'statSync' | 'writeFileSync'>;

/** Where a compaction left the partition: `before` (nothing changed) or `after` (the new file in place). */
export type CompactionOutcome =
  | { readonly kind: 'after'; readonly fd: number; readonly compacted: CompactedSegment; readonly unfinished?: { readonly directoryUnsynced: boolean; readonly reason: string } }
  | { readonly kind: 'before'; readonly reason: string };

/**
 * Rewrites a partition's segment file as compactSegment says, reading only its first `size`
 * bytes (the ones its writer counts as written: a rollback that failed may have left more).
 * The new file is written and synced beside the old one, opened with `appendFlags`, and only
 * then renamed over it, so that a crash at any moment leaves one of the two, whole, and the
 * new file's descriptor is in hand the moment the directory names it.
 *
 * Never throws: it says which of the two files the directory names, so that the caller appends
 * to that one. Failing before the rename, it is `before` (the temporary file removed); a rename
 * that fails is checked against the directory, since it may have happened all the same. After
 * the rename it is `after`, even if the directory's sync or the mark then fails (`unfinished`):
 * the old file is no longer in the directory and must not be appended to.
 *
 * Synchronous: on the writer thread it holds up only the writes, which wait for it anyway,
 * where each step of an asynchronous one would wait for the thread to finish serializing a batch.
 */
export function compactPartition(dataDir: string, partition: number, size: number, appendFlags: number, fs: CompactionFs = nodeFs): CompactionOutcome {
  const path = segmentPath(dataDir, partition);
  const temporary = compactingPath(dataDir, partition);
  let compacted: CompactedSegment;
  try {
    compacted = compactSegment(fs.readFileSync(path).subarray(0, size), path);
  } catch (error) {
    return { kind: 'before', reason: (error as Error).message };
  }
  let fd: number | undefined;
  try {
    writeSynced(fs, temporary, compacted.bytes);
    fd = fs.openSync(temporary, appendFlags);
    fs.renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined && renamed(fs, fd, path)) return finish(dataDir, partition, fs, fd, compacted);
    if (fd !== undefined) closeQuietly(fs, fd);
    removeQuietly(fs, temporary);
    return { kind: 'before', reason: (error as Error).message };
  }
  return finish(dataDir, partition, fs, fd, compacted);
}

/** The steps after the rename: none of them can undo it. */
function finish(dataDir: string, partition: number, fs: CompactionFs, fd: number, compacted: CompactedSegment): CompactionOutcome {
  try {
    syncDirectory(partitionDirectory(dataDir, partition), fs);
  } catch (error) {
    return { kind: 'after', fd, compacted, unfinished: { directoryUnsynced: true, reason: (error as Error).message } };
  }
  try {
    // Remembered across restarts, so that a node restarted often still compacts (if this write
    // is lost, the next compaction merely comes sooner).
    const mark = compactionMarkPath(dataDir, partition);
    fs.writeFileSync(`${mark}.tmp`, `${compacted.recordsKept}\n`);
    fs.renameSync(`${mark}.tmp`, mark);
  } catch (error) {
    return { kind: 'after', fd, compacted, unfinished: { directoryUnsynced: false, reason: (error as Error).message } };
  }
  return { kind: 'after', fd, compacted };
}

function writeSynced(fs: CompactionFs, path: string, bytes: Buffer): void {
  const fd = fs.openSync(path, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the directory names the file open on `fd`: a rename that reported failure may have happened. */
function renamed(fs: CompactionFs, fd: number, path: string): boolean {
  try {
    const opened = fs.fstatSync(fd);
    const named = fs.statSync(path);
    return opened.ino === named.ino && opened.dev === named.dev;
  } catch {
    return false;
  }
}

function closeQuietly(fs: CompactionFs, fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // a descriptor that will not close is no file the log uses
  }
}

function removeQuietly(fs: CompactionFs, path: string): void {
  try {
    fs.rmSync(path, { force: true, recursive: true });
  } catch {
    // left for the next start, which removes it (see recoverPartition)
  }
}

function peekKey(segment: Buffer, start: number, end: number, file: string, position: number): { key: string; tombstone: boolean } {
  try {
    return peekRecordKey(segment, start, end);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(file, position, error.message);
    throw error;
  }
}
