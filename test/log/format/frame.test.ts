import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FRAME_HEADER_BYTES, FrameBatch, FrameWalk } from '../../../src/log/format/frame.js';

/** Every frame in `bytes`, read back by the frame walk, checksums verified; all of them must be whole and good. */
function readFrames(bytes: Buffer): { logOffset: number; payload: string }[] {
  const frames = new FrameWalk(bytes, { verify: true });
  const read: { logOffset: number; payload: string }[] = [];
  while (frames.next()) read.push({ logOffset: frames.logOffset, payload: bytes.toString('utf8', frames.payloadStart, frames.end) });
  assert.deepEqual(frames.tail, { kind: 'clean' }, `whole, checksummed frames up to byte ${frames.end}`);
  assert.equal(frames.end, bytes.length);
  return read;
}

/** Where each frame a walk passes starts, and how the walk ends. */
function walk(bytes: Buffer, verify: boolean): { starts: number[]; end: number; tail: unknown } {
  const frames = new FrameWalk(bytes, { verify });
  const starts: number[] = [];
  while (frames.next()) starts.push(frames.start);
  return { starts, end: frames.end, tail: frames.tail };
}

function sealed(payloads: readonly string[]): Buffer {
  const batch = new FrameBatch();
  for (const payload of payloads) batch.add(payload);
  return Buffer.from(batch.seal(0));
}

describe('FrameBatch', () => {
  it('frames payloads so that the walk gets them back, numbered from the offset it is sealed with', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 })), fc.nat({ max: 2 ** 40 }), (payloads, firstOffset) => {
        const batch = new FrameBatch();
        for (const payload of payloads) batch.add(payload);
        assert.equal(batch.count, payloads.length);
        assert.deepEqual(readFrames(batch.seal(firstOffset)), payloads.map((payload, index) => ({ logOffset: firstOffset + index, payload })));
      }),
    );
  });

  it('grows past its first buffer without losing what it holds', () => {
    const payloads = Array.from({ length: 3000 }, (_, index) => `{"n":${index},"text":"grüße 😀 ${'x'.repeat(index % 50)}"}`);
    const batch = new FrameBatch();
    for (const payload of payloads) batch.add(payload);
    const bytes = batch.seal(0);
    assert.ok(bytes.length > 128 * 1024, `${bytes.length} bytes: the batch grew at least twice`);
    assert.deepEqual(readFrames(bytes).map((frame) => frame.payload), payloads);
  });
});

describe('FrameWalk', () => {
  const bytes = sealed(['first', 'second', 'third']);
  const second = FRAME_HEADER_BYTES + 'first'.length;
  const third = second + FRAME_HEADER_BYTES + 'second'.length;

  it('stops at a torn tail, saying where the whole frames end and how many bytes follow', () => {
    for (const cut of [bytes.length - 1, third + 3]) {
      assert.deepEqual(walk(bytes.subarray(0, cut), true), { starts: [0, second], end: third, tail: { kind: 'torn', bytes: cut - third } });
    }
    assert.deepEqual(walk(Buffer.alloc(0), true), { starts: [], end: 0, tail: { kind: 'clean' } });
  });

  it('stops at a frame whose checksum fails when it verifies, and reads on when it does not', () => {
    const damaged = Buffer.from(bytes);
    damaged[second + FRAME_HEADER_BYTES] = (damaged[second + FRAME_HEADER_BYTES] as number) ^ 1;
    const verified = walk(damaged, true);
    assert.deepEqual(verified.starts, [0]);
    assert.equal(verified.end, second);
    assert.match((verified.tail as { reason: string }).reason, /^checksum 0x[0-9a-f]{8} does not match the stored 0x[0-9a-f]{8}$/);
    assert.deepEqual(walk(damaged, false), { starts: [0, second, third], end: bytes.length, tail: { kind: 'clean' } });
  });
});
