import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromRecordBatch, toRecordBatch } from '../../src/log/recordBatch.js';
import { arbitraryRecord } from '../helpers/arbitraries.js';

describe('RecordBatch', () => {
  it('gives back the records it was made from, tombstones and metadata included', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord()), (records) => {
        assert.deepStrictEqual(fromRecordBatch(toRecordBatch(records)), records);
      }),
    );
  });

  it('still reads the same after crossing to another thread', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord()), (records) => {
        const batch = toRecordBatch(records);
        assert.deepStrictEqual(fromRecordBatch(structuredClone(batch, { transfer: [batch.numbers.buffer] })), records);
      }),
    );
  });
});
