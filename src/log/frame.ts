import { crc32 } from 'node:zlib';

/**
 * A record on disk:
 *   u32 length of the payload | u32 CRC-32 of (log offset + payload) | f64 log offset | payload
 * all little-endian. The log offset is stored so that compaction keeps each record's
 * offset, as Kafka's does; the checksum tells a damaged record from a good one.
 */
export const FRAME_HEADER_BYTES = 16;

export function encodeFrame(logOffset: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeDoubleLE(logOffset, 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(crc32(frame.subarray(8)), 4);
  return frame;
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

export type FrameScan =
  | { readonly kind: 'frame'; readonly frame: Frame; readonly next: number }
  | { readonly kind: 'end' }
  /** The bytes stop partway through a frame: a write that did not finish. */
  | { readonly kind: 'torn'; readonly position: number; readonly bytes: number }
  /** A whole frame whose checksum does not match: the file is damaged. */
  | { readonly kind: 'corrupt'; readonly position: number; readonly reason: string };

/** Reads the frame at `position`, checksum verified, or says why there is none. */
export function scanFrame(bytes: Buffer, position: number): FrameScan {
  const remaining = bytes.length - position;
  if (remaining === 0) return { kind: 'end' };
  if (remaining < FRAME_HEADER_BYTES) return { kind: 'torn', position, bytes: remaining };
  const length = bytes.readUInt32LE(position);
  const end = position + FRAME_HEADER_BYTES + length;
  if (end > bytes.length) return { kind: 'torn', position, bytes: remaining };
  const stored = bytes.readUInt32LE(position + 4);
  const actual = crc32(bytes.subarray(position + 8, end));
  if (stored !== actual) return { kind: 'corrupt', position, reason: `checksum ${hex(actual)} does not match the stored ${hex(stored)}` };
  const logOffset = bytes.readDoubleLE(position + 8);
  return { kind: 'frame', frame: new Frame(logOffset, position, bytes, end), next: end };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
