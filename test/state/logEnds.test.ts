import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DataRecord } from '../../src/log/data/dataRecord.js';
import { commitRecord } from '../../src/log/format/offsetRecord.js';
import { findLogEnd, findOffset, initialTable, type OffsetTable } from '../../src/state/offsetTable.js';
import { fold, type LogRecord } from '../../src/state/reducer.js';
import { anyName } from '../helpers/arbitraries.js';
import { cutAt } from '../helpers/cutAt.js';

/** Sends to `keys` in order, each at its key's next offset. */
function dataRecords(keys: readonly string[]): DataRecord[] {
  const next = new Map<string, number>();
  return keys.map((key, msg) => {
    const offset = next.get(key) ?? 0;
    next.set(key, offset + 1);
    return { key, offset, msg };
  });
}

describe('log ends in the table', () => {
  it('each key ends one past its last record, at every point, however the records are batched', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', 'b', '__proto__'), anyName)), fc.array(fc.nat()), (keys, cuts) => {
        const records = dataRecords(keys);
        const history: [OffsetTable, Map<string, number>][] = [];
        let table = initialTable();
        let seen = 0;
        for (const batch of cutAt(records, cuts)) {
          table = fold(batch, table);
          seen += batch.length;
          const counts = new Map<string, number>();
          for (const key of keys.slice(0, seen)) counts.set(key, (counts.get(key) ?? 0) + 1);
          history.push([table, counts]);
        }
        // Every table, the old ones too, still says exactly what it said when it was made.
        for (const [each, counts] of history) for (const key of new Set(keys)) assert.equal(findLogEnd(each, key), counts.get(key) ?? 0);
      }),
    );
  });

  it('keeps ends and committed offsets apart, even under one name', () => {
    const records: LogRecord[] = [{ key: 'k', offset: 0 }, commitRecord('k', 'k', 0, 7, 1), { key: 'k', offset: 1 }];
    const table = fold(records);
    assert.equal(findLogEnd(table, 'k'), 2);
    assert.equal(findOffset(table, 'k', 'k', 0)?.offset, 7);
  });
});
