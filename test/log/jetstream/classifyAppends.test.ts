import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAppends, type PublishOutcome } from '../../../src/log/jetstream/classifyAppends.js';

const acked = (seq: number): PublishOutcome => ({ kind: 'acked', seq });
const refused: PublishOutcome = { kind: 'refused', reason: 'wrong last sequence' };
const unknown: PublishOutcome = { kind: 'unknown', reason: 'timeout' };

describe('classifyAppends', () => {
  it('every publish acknowledged: every append in, the stream ends past them', () => {
    const batch = classifyAppends([2, 1], [acked(11), acked(12), acked(13)], 10);
    assert.deepEqual(batch, { failures: [undefined, undefined], lastSeq: 13, seenThrough: 13, strays: [] });
  });

  it('a lost acknowledgement before an acknowledged publish: the earlier one landed too', () => {
    const batch = classifyAppends([1, 1], [unknown, acked(12)], 10);
    assert.deepEqual(batch.failures, [undefined, undefined]);
    assert.equal(batch.lastSeq, 12);
  });

  it('refused after the last acknowledged publish: definite; unanswered: indefinite; the stream end unknown', () => {
    const batch = classifyAppends([1, 1, 1], [acked(11), unknown, refused], 10);
    assert.deepEqual(batch.failures, [undefined, { reason: 'timeout', definite: false }, { reason: 'wrong last sequence', definite: true }]);
    assert.equal(batch.lastSeq, undefined);
    assert.equal(batch.seenThrough, 11);
    assert.deepEqual(batch.strays, []);
  });

  it('an append cut in two by the end of what landed is indefinite, and what of it landed is a stray', () => {
    const batch = classifyAppends([2], [acked(11), unknown], 10);
    assert.deepEqual(batch.failures, [{ reason: 'timeout', definite: false }]);
    assert.deepEqual(batch.strays, [11]);
  });

  it('a refused publish inside what landed is no success', () => {
    const batch = classifyAppends([1, 1], [refused, acked(11)], 10);
    assert.deepEqual(batch.failures, [{ reason: 'wrong last sequence', definite: false }, undefined]);
    assert.deepEqual(batch.strays, []);
  });
});
