import { crc32Continue, crc32Range } from './crc32.js';
import { FRAME_HEADER_BYTES } from './frame.js';

/** What follows the last whole frame of a walk. */
export type FrameTail =
  | { readonly kind: 'clean' }
  /** The bytes stop partway through a frame: a write that did not finish. */
  | { readonly kind: 'torn'; readonly bytes: number }
  /** A whole frame that is damaged: its checksum does not match, or (found by a reader above) its payload is no record. */
  | { readonly kind: 'corrupt'; readonly reason: string };

/**
 * Says what the bytes from `position` on are, when the frame starting there claims to run past
 * their end: a torn tail, or damage.
 *
 * The writer puts each batch of a partition at the end of its segment in one synchronized write,
 * so a write cut short leaves a prefix of that batch: whole frames, then a prefix of one frame.
 * A torn tail is therefore a prefix of one frame, numbered after the frame before it, and nothing
 * else: if some shorter length makes the bytes a whole frame whose checksum holds, or a whole
 * frame starts anywhere after `position`, the length field is damaged, and the bytes after it
 * are records that were acknowledged. Record payloads are JSON text, which holds no byte below
 * 0x20, so no payload holds a frame header small enough to pass for a frame inside a torn one.
 */
export function tailAfter(bytes: Buffer, position: number, expectedOffset: number | undefined): FrameTail {
  const remaining = bytes.length - position;
  if (remaining < FRAME_HEADER_BYTES) return { kind: 'torn', bytes: remaining };
  const claimed = bytes.readUInt32LE(position);
  const logOffset = bytes.readDoubleLE(position + 8);
  if (expectedOffset !== undefined && logOffset !== expectedOffset) {
    return { kind: 'corrupt', reason: `a frame claiming ${claimed} bytes, past the end, numbered ${logOffset} where ${expectedOffset} was next` };
  }
  // First the frames after it, which a damaged length in the middle of a segment finds at once;
  // then the bytes themselves, all the more of which there are, the less likely a torn tail.
  const next = wholeFrameAfter(bytes, position + 1);
  if (next !== undefined) return { kind: 'corrupt', reason: `a frame claiming ${claimed} bytes, past the end, but a whole frame starts at byte ${next}: its length is damaged` };
  const stored = bytes.readUInt32LE(position + 4);
  let crc = crc32Range(bytes, position + 8, position + FRAME_HEADER_BYTES);
  for (let end = position + FRAME_HEADER_BYTES; ; end++) {
    if (crc === stored) return { kind: 'corrupt', reason: `a frame claiming ${claimed} bytes, past the end, is whole and checks out at ${end - position - FRAME_HEADER_BYTES}: its length is damaged` };
    if (end === bytes.length) break;
    crc = crc32Continue(crc, bytes, end, end + 1);
  }
  return { kind: 'torn', bytes: remaining };
}

/** Where the first frame whose checksum holds starts, from `from` on. */
function wholeFrameAfter(bytes: Buffer, from: number): number | undefined {
  for (let start = from; start + FRAME_HEADER_BYTES <= bytes.length; start++) {
    const end = start + FRAME_HEADER_BYTES + bytes.readUInt32LE(start);
    if (end <= bytes.length && crc32Range(bytes, start + 8, end) === bytes.readUInt32LE(start + 4)) return start;
  }
  return undefined;
}
