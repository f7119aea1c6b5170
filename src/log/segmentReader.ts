import { readFileSync } from 'node:fs';
import { scanFrame, type Frame } from './frame.js';
import { decodeRecord, RecordFormatError } from './recordCodec.js';
import type { OffsetRecord } from './offsetRecord.js';

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

export interface SegmentContents {
  readonly frames: Frame[];
  /** Where the good frames end: the file's length, unless the tail is torn or corrupt. */
  readonly validBytes: number;
  readonly totalBytes: number;
  /** How the file ends after the last good frame. */
  readonly tail: { readonly kind: 'clean' } | { readonly kind: 'torn'; readonly bytes: number } | { readonly kind: 'corrupt'; readonly reason: string };
}

/**
 * Every good frame of a segment file, and what follows them. A missing file is an empty one.
 * `verify` false trusts the checksums (see scanFrame).
 */
export function readSegment(file: string, verify = true): SegmentContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { frames: [], validBytes: 0, totalBytes: 0, tail: { kind: 'clean' } };
    throw error;
  }
  const frames: Frame[] = [];
  let position = 0;
  for (;;) {
    const scan = scanFrame(bytes, position, verify);
    switch (scan.kind) {
      case 'frame':
        frames.push(scan.frame);
        position = scan.next;
        continue;
      case 'end':
        return { frames, validBytes: position, totalBytes: bytes.length, tail: { kind: 'clean' } };
      case 'torn':
        return { frames, validBytes: position, totalBytes: bytes.length, tail: { kind: 'torn', bytes: scan.bytes } };
      case 'corrupt':
        return { frames, validBytes: position, totalBytes: bytes.length, tail: { kind: 'corrupt', reason: scan.reason } };
    }
  }
}

/** A frame's record, or a CorruptLogError naming the file and byte. */
export function frameRecord(file: string, frame: Frame): OffsetRecord {
  try {
    return decodeRecord(frame.payload);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(file, frame.position, error.message);
    throw error;
  }
}
