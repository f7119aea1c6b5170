import { FRAME_HEADER_BYTES, uncheckedFrameEnd } from '../format/frame.js';
import { peekRecordKey, RecordFormatError } from '../format/recordCodec.js';
import { CorruptLogError } from './segmentReader.js';

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
 * fails it when the log is next opened. Frames are read in place, with no Buffer or object per
 * frame: 10k frames took 15 ms that way (`readSegment` and a key peeked from each payload's
 * own Buffer), which held up every write queued behind the compaction.
 */
export function compactSegment(segment: Buffer, file: string): CompactedSegment {
  const starts: number[] = [];
  const ends: number[] = [];
  const tombstones: boolean[] = [];
  const newest = new Map<string, number>();
  for (let position = 0, end = uncheckedFrameEnd(segment, 0); end !== -1; position = end, end = uncheckedFrameEnd(segment, end)) {
    const { key, tombstone } = peekKey(segment, position + FRAME_HEADER_BYTES, end, file, position);
    newest.set(key, starts.length);
    starts.push(position);
    ends.push(end);
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

function peekKey(segment: Buffer, start: number, end: number, file: string, position: number): { key: string; tombstone: boolean } {
  try {
    return peekRecordKey(segment, start, end);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(file, position, error.message);
    throw error;
  }
}
