import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameBatch } from '../../../src/log/format/frame.js';
import { segmentContents } from '../../../src/log/file/segmentReader.js';

/** Every frame in `bytes`, read back as the segment reader reads them; all of them must be whole and checksummed. */
function readFrames(bytes: Buffer): { logOffset: number; payload: string }[] {
  const contents = segmentContents(bytes);
  assert.deepEqual(contents.tail, { kind: 'clean' }, `whole, checksummed frames up to byte ${contents.validBytes}`);
  return contents.frames.map((frame) => ({ logOffset: frame.logOffset, payload: frame.payload.toString('utf8') }));
}

describe('FrameBatch', () => {
  it('frames payloads so that the reader gets them back, numbered from the offset it is sealed with', () => {
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
