import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSegment } from '../../../src/log/file/segmentReader.js';
import { FRAME_HEADER_BYTES, FrameBatch } from '../../../src/log/format/frame.js';
import { commitRecord } from '../../../src/log/format/offsetRecord.js';
import { recordText } from '../../../src/log/format/recordCodec.js';

/** Segments as the writer lays them out: `batches` written one after another, numbered from 0. */
function segmentOf(batches: readonly (readonly string[])[]): { bytes: Buffer; frameStarts: number[]; lastBatchStart: number } {
  const parts: Buffer[] = [];
  const frameStarts: number[] = [];
  let at = 0;
  let offset = 0;
  let lastBatchStart = 0;
  for (const payloads of batches) {
    lastBatchStart = at;
    const batch = new FrameBatch();
    for (const payload of payloads) {
      batch.add(payload);
      frameStarts.push(at);
      at += FRAME_HEADER_BYTES + Buffer.byteLength(payload);
    }
    parts.push(Buffer.from(batch.seal(offset)));
    offset += payloads.length;
  }
  return { bytes: Buffer.concat(parts), frameStarts, lastBatchStart };
}

const batches = Array.from({ length: 6 }, (_, batch) => Array.from({ length: 3 }, (_, index) => recordText(commitRecord(`group-${batch}`, 'orders', index, 1000 * batch + index, 1))));
const { bytes: segment, frameStarts, lastBatchStart } = segmentOf(batches);
const frameCount = frameStarts.length;

function flipped(at: number, bit: number): Buffer {
  const bytes = Buffer.from(segment);
  bytes[at] = (bytes[at] as number) ^ (1 << bit);
  return bytes;
}

describe('what may pass for a torn tail (regression: a damaged length field was taken for one, and the records after it dropped)', () => {
  const frames = { first: 0, middle: Math.floor(frameCount / 2), 'last whole': frameCount - 1 };
  for (const [where, index] of Object.entries(frames)) {
    it(`refuses a bit flipped in the length field of the ${where} frame, at every bit, as corrupt at that frame`, () => {
      const start = frameStarts[index] as number;
      for (let bit = 0; bit < 32; bit++) {
        const end = readSegment(flipped(start + Math.floor(bit / 8), bit % 8), { verify: true });
        assert.equal(end.tail.kind, 'corrupt', `bit ${bit} of the length at byte ${start}: ${JSON.stringify(end.tail)}`);
        assert.equal(end.validBytes, start);
        assert.equal(end.records, index);
      }
    });
  }

  it('refuses a bit flipped in the checksum or the log offset of any frame as corrupt at that frame', () => {
    for (const [index, start] of frameStarts.entries()) {
      for (const field of [4, 8, 15]) {
        for (let bit = 0; bit < 8; bit++) {
          const end = readSegment(flipped(start + field, bit), { verify: true });
          assert.equal(end.tail.kind, 'corrupt', `bit ${bit} of byte ${field} of the frame at ${start}`);
          assert.equal(end.validBytes, start);
          assert.equal(end.records, index);
        }
      }
    }
  });

  it('takes every prefix of the last batch for a torn tail (or a clean end at a frame boundary), keeping the whole frames before the cut', () => {
    for (let cut = lastBatchStart; cut <= segment.length; cut++) {
      const end = readSegment(segment.subarray(0, cut), { verify: true });
      const whole = frameStarts.filter((start, index) => (frameStarts[index + 1] ?? segment.length) <= cut && start < cut).length;
      const boundary = whole === frameCount ? segment.length : (frameStarts[whole] as number);
      assert.equal(end.records, whole, `cut at ${cut}`);
      assert.equal(end.validBytes, boundary, `cut at ${cut}`);
      assert.deepEqual(end.tail, cut === boundary ? { kind: 'clean' } : { kind: 'torn', bytes: cut - boundary }, `cut at ${cut}`);
    }
  });

  it('refuses a frame past the end numbered other than next: bytes that are no write of this log', () => {
    const cut = (frameStarts[frameCount - 1] as number) + FRAME_HEADER_BYTES + 2;
    const bytes = Buffer.from(segment.subarray(0, cut));
    bytes.writeDoubleLE(5, (frameStarts[frameCount - 1] as number) + 8);
    const end = readSegment(bytes, { verify: true });
    assert.equal(end.tail.kind, 'corrupt');
    assert.match(end.tail.kind === 'corrupt' ? end.tail.reason : '', /numbered 5 where 17 was next/);
  });
});
