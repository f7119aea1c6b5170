import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FrameWalk, type FrameTail } from '../format/frame.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { RecordDecoder, RecordFormatError } from '../format/recordCodec.js';
import { MissingSegmentError } from './missingSegmentError.js';

export interface ReadOptions {
  /** Check each frame's checksum: for bytes not written or verified by this process since it locked the log. */
  readonly verify: boolean;
}

/** How a segment's good records end. */
export interface SegmentEnd {
  /** Where the good records end: the segment's length, unless the tail is torn or corrupt. */
  readonly validBytes: number;
  readonly totalBytes: number;
  /** What follows the last good record. */
  readonly tail: FrameTail;
  /** How many good records there are. */
  readonly records: number;
  /** One past the last good record's log offset; 0 for an empty segment. */
  readonly nextOffset: number;
}

/** Takes a segment's records in order, each with its log offset and the byte its frame starts at. */
export type RecordVisitor = (record: OffsetRecord, logOffset: number, position: number) => void;

/**
 * The one reader of segments: recovery, and `offsetlog dump`, `describe` and `repair`, read
 * through it. It walks the frames (checking each checksum when it verifies), decodes each
 * payload through the codec, hands each record to the visitor, and says how the segment ends:
 * cleanly, in a torn tail (a write cut short), or at a corrupt record (a checksum that fails, or
 * a payload that is no record), with its byte position. Nothing after a bad frame is read.
 *
 * Segment files are read one after another into one buffer, grown as needed, rather than into a
 * new buffer each, whose every page the kernel would first map (see BENCHMARKS.md, "Choices that
 * rest on a measurement"). A record holds no view of those bytes: names are copied out as strings.
 */
export class SegmentReader {
  private buffer = Buffer.alloc(0);

  constructor(private readonly options: ReadOptions) {}

  /** Reads the segment file, or only its first `limit` bytes; throws MissingSegmentError if it is not there. */
  readFile(file: string, visit?: RecordVisitor, limit = Number.POSITIVE_INFINITY): SegmentEnd {
    return readSegment(this.load(file, limit), this.options, visit);
  }

  /** The file's bytes, valid until the next load. */
  private load(file: string, limit: number): Buffer {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingSegmentError(file);
      throw error;
    }
    try {
      const size = Math.min(fstatSync(fd).size, limit);
      if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const got = readSync(fd, this.buffer, read, size - read, read);
        if (got === 0) break; // cut short since the stat: read what is there
        read += got;
      }
      return this.buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }
}

/** Reads a segment's bytes as SegmentReader does. */
export function readSegment(bytes: Buffer, options: ReadOptions, visit?: RecordVisitor): SegmentEnd {
  const frames = new FrameWalk(bytes, options);
  const decoder = new RecordDecoder();
  let records = 0;
  let nextOffset = 0;
  while (frames.next()) {
    let record: OffsetRecord;
    try {
      record = decoder.decode(bytes, frames.payloadStart, frames.end);
    } catch (error) {
      if (!(error instanceof RecordFormatError)) throw error;
      return { validBytes: frames.start, totalBytes: bytes.length, tail: { kind: 'corrupt', reason: error.message }, records, nextOffset };
    }
    const { logOffset } = frames;
    visit?.(record, logOffset, frames.start);
    records++;
    nextOffset = logOffset + 1;
  }
  return { validBytes: frames.end, totalBytes: bytes.length, tail: frames.tail, records, nextOffset };
}
