import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { partitionFor } from '../../src/log/partitionFor.js';

describe('partitionFor', () => {
  it('places groups where Kafka does: abs(String.hashCode) mod partitions', () => {
    // Java: "hello".hashCode() == 99162322, "analytics".hashCode() == -1693017210
    assert.equal(partitionFor('hello', 50), 22);
    assert.equal(partitionFor('analytics', 50), 10);
    assert.equal(partitionFor('', 50), 0);
  });

  it('maps a hashCode of Integer.MIN_VALUE to partition 0, as Kafka Utils.abs does', () => {
    assert.equal(partitionFor('polygenelubricants', 50), 0);
    assert.equal(partitionFor('polygenelubricants', 7), 0);
  });

  it('always lands inside the partition range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 1000 }), (group, count) => {
        const partition = partitionFor(group, count);
        assert.ok(Number.isInteger(partition) && partition >= 0 && partition < count);
      }),
    );
  });
});
