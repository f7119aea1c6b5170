import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { forEachRecord, toRecordBatch, type RecordBatch } from '../../../src/log/format/recordBatch.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';

/** The records a batch holds, in order, as the writer thread reads them. */
function fromRecordBatch(batch: RecordBatch): OffsetRecord[] {
  const records: OffsetRecord[] = [];
  forEachRecord(batch, (record) => records.push(record));
  return records;
}

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
