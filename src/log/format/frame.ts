import { crc32Range } from './crc32.js';

/**
 * A record on disk:
 *   u32 length of the payload | u32 CRC-32 of (log offset + payload) | f64 log offset | payload
 * all little-endian. The log offset is stored so that compaction keeps each record's
 * offset, as Kafka's does; the checksum tells a damaged record from a good one.
 */
export const FRAME_HEADER_BYTES = 16;

/**
 * A batch of frames made in two steps. Payloads are added one by one as the batch is
 * serialized, into one growing buffer; the log offsets, and the checksums that cover them, are
 * filled in by `seal` when the batch is written and its first offset is known. One buffer per
 * batch spares a buffer per record and the copy that joined them, and each payload's text is
 * garbage as soon as it is added (texts kept for a whole batch were copied by every scavenge).
 */
export class FrameBatch {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  /** Where each frame starts in `bytes`, and one more entry where the last one ends. */
  private readonly starts: number[] = [0];

  get count(): number {
    return this.starts.length - 1;
  }

  add(payload: string): void {
    const start = this.starts[this.starts.length - 1] as number;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = start + FRAME_HEADER_BYTES + 3 * payload.length;
    if (room > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(room, 2 * this.bytes.length));
      this.bytes.copy(grown, 0, 0, start);
      this.bytes = grown;
    }
    const length = this.bytes.write(payload, start + FRAME_HEADER_BYTES, 'utf8');
    this.bytes.writeUInt32LE(length, start);
    this.starts.push(start + FRAME_HEADER_BYTES + length);
  }

  /** The frames' bytes, numbered from `firstOffset` on. */
  seal(firstOffset: number): Buffer {
    for (let index = 0; index < this.count; index++) {
      const start = this.starts[index] as number;
      this.bytes.writeDoubleLE(firstOffset + index, start + 8);
      this.bytes.writeUInt32LE(crc32Range(this.bytes, start + 8, this.starts[index + 1] as number), start + 4);
    }
    return this.bytes.subarray(0, this.starts[this.count]);
  }
}

export class Frame {
  constructor(
    readonly logOffset: number,
    /** Byte position of the frame in its file. */
    readonly position: number,
    private readonly bytes: Buffer,
    private readonly end: number,
  ) {}

  /** A view of the payload, made when asked for: opening a log scans every frame but reads few payloads. */
  get payload(): Buffer {
    return this.bytes.subarray(this.position + FRAME_HEADER_BYTES, this.end);
  }
}

/** Why there is no good frame at a position. */
export type FrameProblem =
  | { readonly kind: 'end' }
  /** The bytes stop partway through a frame: a write that did not finish. */
  | { readonly kind: 'torn'; readonly position: number; readonly bytes: number }
  /** A whole frame whose checksum does not match: the file is damaged. */
  | { readonly kind: 'corrupt'; readonly position: number; readonly reason: string };

/**
 * Where the frame at `position` ends, checksum verified, or why there is none. A number rather
 * than a Frame, so that a scan which only counts frames (opening a log) allocates nothing per frame.
 */
export function checkFrame(bytes: Buffer, position: number): number | FrameProblem {
  const remaining = bytes.length - position;
  if (remaining === 0) return { kind: 'end' };
  if (remaining < FRAME_HEADER_BYTES) return { kind: 'torn', position, bytes: remaining };
  const length = bytes.readUInt32LE(position);
  const end = position + FRAME_HEADER_BYTES + length;
  if (end > bytes.length) return { kind: 'torn', position, bytes: remaining };
  const stored = bytes.readUInt32LE(position + 4);
  const actual = crc32Range(bytes, position + 8, end);
  if (stored !== actual) return { kind: 'corrupt', position, reason: `checksum ${hex(actual)} does not match the stored ${hex(stored)}` };
  return end;
}

/**
 * Where the frame at `position` ends, its checksum not checked, or -1 when no whole frame starts
 * there: for bytes this process has verified or written since it locked the log.
 */
export function uncheckedFrameEnd(bytes: Buffer, position: number): number {
  if (position + FRAME_HEADER_BYTES > bytes.length) return -1;
  const end = position + FRAME_HEADER_BYTES + bytes.readUInt32LE(position);
  return end > bytes.length ? -1 : end;
}

/** The log offset stored in the frame at `position`. */
export function frameLogOffset(bytes: Buffer, position: number): number {
  return bytes.readDoubleLE(position + 8);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
