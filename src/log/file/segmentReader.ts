import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { checkFrame, Frame, FRAME_HEADER_BYTES, frameLogOffset, uncheckedFrameEnd } from '../format/frame.js';
import { CanonicalRecordScanner } from '../format/canonicalRecord.js';
import { decodeRecordText, RecordFormatError } from '../format/recordCodec.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { sendRecord, type RecordSink } from '../format/recordSink.js';

/** A damaged log: a whole record that fails its checksum or does not decode. */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
  constructor(
    readonly file: string,
    readonly position: number,
    reason: string,
  ) {
    super(`${file}: the record at byte ${position} is corrupt (${reason})`);
  }
}

/** How a segment's good frames end. */
export interface SegmentEnd {
  /** Where the good frames end: the file's length, unless the tail is torn or corrupt. */
  readonly validBytes: number;
  readonly totalBytes: number;
  /** How the file ends after the last good frame. */
  readonly tail: { readonly kind: 'clean' } | { readonly kind: 'torn'; readonly bytes: number } | { readonly kind: 'corrupt'; readonly reason: string };
}

export interface SegmentContents extends SegmentEnd {
  readonly frames: Frame[];
}

export interface SegmentSummary extends SegmentEnd {
  readonly records: number;
  /** One past the last good frame's log offset; 0 for an empty segment. */
  readonly nextOffset: number;
}

/** Every good frame of a segment file, and what follows them. A missing file is an empty one. */
export function readSegment(file: string): SegmentContents {
  // A reader of its own: the Frames keep views of these bytes.
  return segmentContents(new SegmentFileReader().read(file) ?? Buffer.alloc(0));
}

/** Every good frame of a segment's bytes, and what follows them. */
export function segmentContents(bytes: Buffer): SegmentContents {
  const frames: Frame[] = [];
  const end = walkFrames(bytes, (position, frameEnd) => frames.push(new Frame(frameLogOffset(bytes, position), position, bytes, frameEnd)));
  return { frames, ...end };
}

/** readSegment's counts without its Frames: opening a log of 1M records made 1M of them for nothing. */
export function summarizeSegment(file: string, reader = new SegmentFileReader()): SegmentSummary {
  const bytes = reader.read(file) ?? Buffer.alloc(0);
  let records = 0;
  let last = -1;
  const end = walkFrames(bytes, (position) => {
    records++;
    last = position;
  });
  return { records, nextOffset: last < 0 ? 0 : frameLogOffset(bytes, last) + 1, ...end };
}

/** Calls `visit` with where each good frame starts and ends, in order, and says how they end. */
function walkFrames(bytes: Buffer, visit: (position: number, end: number) => void): SegmentEnd {
  let position = 0;
  for (;;) {
    const end = checkFrame(bytes, position);
    if (typeof end === 'number') {
      visit(position, end);
      position = end;
      continue;
    }
    const tail = end.kind === 'end' ? { kind: 'clean' as const } : end.kind === 'torn' ? { kind: 'torn' as const, bytes: end.bytes } : { kind: 'corrupt' as const, reason: end.reason };
    return { validBytes: position, totalBytes: bytes.length, tail };
  }
}

/** A frame's record, or a CorruptLogError naming the file and byte. */
export function frameRecord(file: string, frame: Frame): OffsetRecord {
  return recordAt(file, frame.position, frame.payload.toString('utf8'));
}

/** The record whose payload text starts the frame at `position`, or a CorruptLogError naming the file and byte. */
function recordAt(file: string, position: number, text: string): OffsetRecord {
  try {
    return decodeRecordText(text);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(file, position, error.message);
    throw error;
  }
}

/**
 * The records of a segment whose frames were verified already (by this process, which has held
 * the log locked since), up to the first incomplete frame. Each payload is decoded straight
 * from the file's bytes: no Frame or Buffer per record (they made 60% of the garbage-collector
 * time of recovering 1M records).
 */
export function* verifiedSegmentRecords(file: string, reader = new SegmentFileReader()): Generator<OffsetRecord> {
  const bytes = reader.read(file);
  if (bytes === undefined) return;
  const scanner = new CanonicalRecordScanner();
  for (let position = 0, end = uncheckedFrameEnd(bytes, 0); end !== -1; position = end, end = uncheckedFrameEnd(bytes, end)) {
    const start = position + FRAME_HEADER_BYTES;
    yield scanner.scan(bytes, start, end) ?? recordAt(file, position, bytes.toString('utf8', start, end));
  }
}

/** verifiedSegmentRecords, handed to a sink field by field: no object per record (what a restart reads). */
export function replayVerifiedSegment(file: string, sink: RecordSink, reader = new SegmentFileReader()): void {
  const bytes = reader.read(file);
  if (bytes === undefined) return;
  const scanner = new CanonicalRecordScanner();
  for (let position = 0, end = uncheckedFrameEnd(bytes, 0); end !== -1; position = end, end = uncheckedFrameEnd(bytes, end)) {
    const start = position + FRAME_HEADER_BYTES;
    if (!scanner.scanInto(bytes, start, end, sink)) sendRecord(sink, recordAt(file, position, bytes.toString('utf8', start, end)));
  }
}

/**
 * Reads segment files one after another into one buffer, grown as needed: the bytes of one
 * read are valid until the next. Reading 50 segments (131 MB) this way took 16–27 ms against
 * 33–88 ms for a new buffer per file, whose every page the kernel must first map. Nothing read
 * may keep a view of them: names are copied out as strings.
 */
export class SegmentFileReader {
  private buffer = Buffer.alloc(0);

  /** The file's bytes, or undefined when there is no such file (an empty segment). */
  read(file: string): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const size = fstatSync(fd).size;
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
