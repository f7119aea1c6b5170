import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeyTextCache } from '../../../src/log/file/keyTextCache.js';
import { keyText } from '../../../src/log/format/recordCodec.js';
import { arbitraryRecord, smallName } from '../../helpers/arbitraries.js';

const keys = fc.array(
  arbitraryRecord(smallName).map(({ key }) => ({ ...key, partition: key.partition % 3 })),
  { minLength: 1, maxLength: 80 },
);

describe('KeyTextCache', () => {
  it('gives every key its own text, whichever keys share a slot', () => {
    fc.assert(
      fc.property(keys, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (sequence, slotCount, admitEvery) => {
        // Few slots, so that keys that differ in a single field meet in one.
        const cache = new KeyTextCache(slotCount, admitEvery);
        for (const key of sequence) assert.equal(cache.textOf(key), keyText(key));
      }),
    );
  });
});
