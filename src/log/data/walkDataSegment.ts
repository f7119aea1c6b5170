import { FrameWalk, type FrameTail } from '../format/frame.js';
import { decodeDataPayload } from './dataPayload.js';
import type { DataRecord } from './dataRecord.js';

/** Takes a record, where its frame starts and ends, and its log offset in the partition; a reason to stop, if it must. */
export type DataRecordVisitor = (record: DataRecord, start: number, end: number, logOffset: number) => string | undefined;

/**
 * The walk over a data segment's frames, shared by recovery and `dump`: the one frame walk
 * (checksums verified), each payload decoded as a data record and handed to `visit`, then where
 * the good records end and what follows them. A payload that is no data record, or one `visit`
 * refuses, ends the walk as a corrupt frame.
 */
export function walkDataSegment(bytes: Buffer, visit: DataRecordVisitor): { readonly validBytes: number; readonly tail: FrameTail } {
  const frames = new FrameWalk(bytes, { verify: true });
  while (frames.next()) {
    const record = decodeDataPayload(bytes.toString('utf8', frames.payloadStart, frames.end));
    const problem = typeof record === 'string' ? record : visit(record, frames.start, frames.end, frames.logOffset);
    if (problem !== undefined) return { validBytes: frames.start, tail: { kind: 'corrupt', reason: problem } };
  }
  return { validBytes: frames.end, tail: frames.tail };
}
