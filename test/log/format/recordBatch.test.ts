import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { RecordBatch } from '../../../src/log/format/recordBatch.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';

/** The records a batch holds, in order, as its readers get them. */
function recordsOf(batch: RecordBatch): OffsetRecord[] {
  const records: OffsetRecord[] = [];
  batch.forEach((record) => records.push(record));
  return records;
}

describe('RecordBatch', () => {
  it('gives back the records it was made from, tombstones and metadata included', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord()), (records) => {
        const batch = RecordBatch.of(records);
        assert.equal(batch.length, records.length);
        assert.deepStrictEqual(recordsOf(batch), records);
      }),
    );
  });

  it('still reads the same after crossing to another thread', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord()), (records) => {
        const batch = RecordBatch.of(records);
        const crossed = structuredClone(batch, { transfer: batch.transferables() });
        assert.deepStrictEqual(recordsOf(RecordBatch.revive(crossed)), records);
      }),
    );
  });

  it('grows past its first chunk, and past a batch made of records, without losing one', () => {
    const records = Array.from({ length: 40000 }, (_, i): OffsetRecord => ({
      key: { group: `g${i % 11}`, topic: `t${i % 7}`, partition: i },
      value: i % 1000 === 0 ? null : i % 777 === 0 ? { offset: i * 3, commitTimestamp: i, metadata: `m${i}` } : { offset: i * 3, commitTimestamp: i },
    }));
    const grown = RecordBatch.empty();
    for (const record of records) grown.push(record);
    assert.equal(grown.length, records.length);
    assert.deepStrictEqual(recordsOf(grown), records);
    const extended = RecordBatch.of(records.slice(0, 5));
    for (const record of records.slice(5)) extended.push(record);
    assert.deepStrictEqual(recordsOf(extended), records);
  });
});
