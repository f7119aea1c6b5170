import { checkFrame, frameLogOffset, FRAME_HEADER_BYTES } from '../frame.js';
import { decodeDataPayload } from './dataPayload.js';
import type { DataRecord } from './dataRecord.js';

/** How a data segment's good records end. */
export type DataSegmentTail =
  | { readonly kind: 'clean' }
  /** The bytes stop partway through a frame: a write a crash cut short. */
  | { readonly kind: 'torn'; readonly bytes: number }
  /** A damaged frame, a payload that is no data record, or a record `visit` refused. */
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Takes a record, where its frame starts and ends, and its log offset in the partition; a reason to stop, if it must. */
export type DataRecordVisitor = (record: DataRecord, start: number, end: number, logOffset: number) => string | undefined;

/**
 * The walk over a data segment's frames (checksums verified), shared by recovery and `dump`: each
 * record in order, then where the good records end and what follows them.
 */
export function walkDataSegment(bytes: Buffer, visit: DataRecordVisitor): { readonly validBytes: number; readonly tail: DataSegmentTail } {
  let position = 0;
  for (;;) {
    const end = checkFrame(bytes, position);
    if (typeof end !== 'number') {
      if (end.kind === 'end') return { validBytes: position, tail: { kind: 'clean' } };
      return { validBytes: position, tail: end.kind === 'torn' ? { kind: 'torn', bytes: end.bytes } : { kind: 'corrupt', reason: end.reason } };
    }
    const record = decodeDataPayload(bytes.toString('utf8', position + FRAME_HEADER_BYTES, end));
    const problem = typeof record === 'string' ? record : visit(record, position, end, frameLogOffset(bytes, position));
    if (problem !== undefined) return { validBytes: position, tail: { kind: 'corrupt', reason: problem } };
    position = end;
  }
}
