import { crc32Range } from './crc32.js';
import { tailAfter, type FrameTail } from './tailOfFrames.js';

export type { FrameTail } from './tailOfFrames.js';

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
 * garbage as soon as it is added, instead of being kept (and copied by the collector) for a
 * whole batch.
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

const CLEAN: FrameTail = { kind: 'clean' };

/**
 * The one walk over a segment's frames, in order, in place: no object per frame. With `verify`
 * each frame's checksum is checked, and the walk stops at the first that fails; without, only
 * lengths are read, for bytes this process has written or verified since it locked the log.
 * A frame that runs past the end is a torn tail only if it can be one (see tailAfter); the
 * walk without `verify` takes it for one.
 *
 *   const frames = new FrameWalk(bytes, { verify: true });
 *   while (frames.next()) use(frames.start, frames.end);
 *   frames.tail; // why it stopped
 */
export class FrameWalk {
  /** Where the current frame starts in the bytes. */
  start = 0;
  /** Where the current frame ends; once the walk stops, where its last whole frame ends. */
  end = 0;
  private stop: FrameTail = CLEAN;
  private readonly verify: boolean;

  constructor(
    private readonly bytes: Buffer,
    options: { readonly verify: boolean },
  ) {
    this.verify = options.verify;
  }

  /** Moves to the next frame; false, with `tail` saying why, when no whole (checksummed) frame starts where the last one ended. */
  next(): boolean {
    const { bytes } = this;
    const position = this.end;
    const remaining = bytes.length - position;
    if (remaining < FRAME_HEADER_BYTES) return this.stopped(remaining === 0 ? CLEAN : { kind: 'torn', bytes: remaining });
    const end = position + FRAME_HEADER_BYTES + bytes.readUInt32LE(position);
    if (end > bytes.length) return this.stopped(this.verify ? tailAfter(bytes, position, this.end === 0 ? undefined : this.logOffset + 1) : { kind: 'torn', bytes: remaining });
    if (this.verify) {
      const stored = bytes.readUInt32LE(position + 4);
      const actual = crc32Range(bytes, position + 8, end);
      if (stored !== actual) return this.stopped({ kind: 'corrupt', reason: `checksum ${hex(actual)} does not match the stored ${hex(stored)}` });
    }
    this.start = position;
    this.end = end;
    return true;
  }

  /** Where the current frame's payload starts. */
  get payloadStart(): number {
    return this.start + FRAME_HEADER_BYTES;
  }

  /** The current frame's log offset. */
  get logOffset(): number {
    return this.bytes.readDoubleLE(this.start + 8);
  }

  /** Why the walk stopped after the frame ending at `end`. */
  get tail(): FrameTail {
    return this.stop;
  }

  private stopped(tail: FrameTail): false {
    this.stop = tail;
    return false;
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
