import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';
import { commitRecord, tombstoneRecord } from '../../src/log/format/offsetRecord.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { evolve, fold, foldLog, produceTable } from '../../src/state/reducer.js';
import { findGroup, findOffset, groupRootSlot, initialTable, listGroups, tableRows, type OffsetRow, type OffsetTable } from '../../src/state/offsetTable.js';
import { hashString } from '../../src/state/hashKey.js';
import { anyName, arbitraryRecord, smallName } from '../helpers/arbitraries.js';
import { cutAt } from '../helpers/cutAt.js';

/** The reducer's specification, as plainly as it can be written: last record per key wins, tombstones delete. */
function modelRows(records: readonly OffsetRecord[]): OffsetRow[] {
  const latest = new Map<string, OffsetRecord>();
  for (const record of records) latest.set(JSON.stringify([record.key.group, record.key.topic, record.key.partition]), record);
  const rows: OffsetRow[] = [];
  for (const { key, value } of latest.values()) {
    if (value !== null) rows.push({ ...key, offset: value.offset, commitTimestamp: value.commitTimestamp, metadata: value.metadata });
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => compare(a.group, b.group) || compare(a.topic, b.topic) || a.partition - b.partition);
}

describe('reducer', () => {
  it('the table equals the fold of the log at every point, however the log is batched', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord(fc.oneof(smallName, anyName))), fc.array(fc.nat()), (records, cuts) => {
        const history: OffsetTable[] = [];
        let table = initialTable();
        for (const batch of cutAt(records, cuts)) {
          table = fold(batch, table);
          history.push(table);
        }
        assert.deepEqual(tableRows(table), modelRows(records));
        assert.deepEqual(tableRows(table), tableRows(records.reduce((before, record) => fold([record], before), initialTable())));
        assert.deepEqual(tableRows(table), tableRows(fold(records)));
        // Every earlier table is still exactly what it was: nothing was changed in place.
        let seen = 0;
        cutAt(records, cuts).forEach((batch, i) => {
          seen += batch.length;
          assert.deepEqual(tableRows(history[i] as OffsetTable), modelRows(records.slice(0, seen)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('lets the last commit win, also when it moves the offset backwards', () => {
    const table = fold([commitRecord('g', 't', 0, 100, 1), commitRecord('g', 't', 0, 40, 2)]);
    assert.equal(findOffset(table, 'g', 't', 0)?.offset, 40);
    assert.equal(findOffset(table, 'g', 't', 0)?.commitTimestamp, 2);
  });

  it('keeps keys apart that a joined string would confuse', () => {
    const table = fold([commitRecord('a:b', 'c', 0, 1, 0), commitRecord('a', 'b:c', 0, 2, 0), commitRecord('__proto__', 'constructor', 0, 3, 0)]);
    assert.equal(findOffset(table, 'a:b', 'c', 0)?.offset, 1);
    assert.equal(findOffset(table, 'a', 'b:c', 0)?.offset, 2);
    assert.equal(findOffset(table, '__proto__', 'constructor', 0)?.offset, 3);
    assert.equal(findOffset(table, 'a', 'b', 0), undefined);
    assert.equal(findGroup(table, 'toString'), undefined);
  });

  it('deletes on a tombstone, and drops a group with no offsets left', () => {
    const table = fold([commitRecord('g', 't', 0, 5, 0), commitRecord('g', 't', 1, 6, 0), commitRecord('h', 't', 0, 7, 0), tombstoneRecord('g', 't', 0)]);
    assert.equal(findOffset(table, 'g', 't', 0), undefined);
    assert.equal(findOffset(table, 'g', 't', 1)?.offset, 6);
    const emptied = fold([tombstoneRecord('g', 't', 1)], table);
    assert.deepEqual(listGroups(emptied).map((group) => group.group), ['h']);
  });

  it('treats a tombstone for a key that was never committed as nothing', () => {
    const table = fold([commitRecord('g', 't', 0, 5, 0)]);
    assert.equal(fold([tombstoneRecord('g', 't', 9)], table), table);
    assert.equal(fold([tombstoneRecord('nobody', 't', 0)], table), table);
  });

  it('returns the same table for an empty batch', () => {
    const table = fold([commitRecord('g', 't', 0, 5, 0)]);
    assert.equal(fold([], table), table);
  });

  it('folds a log onto a table, leaving that table as it was', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord(fc.oneof(smallName, anyName))), fc.nat(), (records, split) => {
        const at = records.length === 0 ? 0 : split % (records.length + 1);
        const base = fold(records.slice(0, at));
        const baseRows = tableRows(base);
        const rest = new MemoryLog();
        void rest.append(records.slice(at));
        assert.deepEqual(tableRows(foldLog(rest, base)), modelRows(records));
        assert.deepEqual(tableRows(base), baseRows, 'the table folded onto is left as it was');
      }),
      { numRuns: 200 },
    );
  });

  it('reads, inside one produce, every record applied so far, and finishes into the fold, leaving older tables alone', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord(fc.oneof(smallName, anyName))), fc.array(fc.nat()), fc.array(fc.nat()), (records, rounds, steps) => {
        const history: [OffsetTable, number][] = [];
        let table = initialTable();
        let seen = 0;
        for (const round of cutAt(records, rounds)) {
          table = produceTable(table, (draft, batch) => {
            for (const step of cutAt(round, steps)) {
              for (const record of step) evolve(draft, record, batch);
              seen += step.length;
              // What the node's reads see between two writes of one round.
              assert.deepEqual(tableRows(draft.current), modelRows(records.slice(0, seen)));
            }
          });
          history.push([table, seen]);
        }
        assert.deepEqual(tableRows(table), tableRows(fold(records)));
        for (const [older, count] of history) assert.deepEqual(tableRows(older), modelRows(records.slice(0, count)));
      }),
      { numRuns: 200 },
    );
  });

  it('is an immer recipe: a produce copies the root on write, shares every slot it did not touch, and leaves the table as it was when it throws', () => {
    const before = fold([commitRecord('g', 't', 0, 1, 0), commitRecord('h', 't', 0, 2, 0)]);
    const after = fold([commitRecord('g', 't', 0, 3, 0)], before);
    assert.notEqual(after.groups, before.groups, 'the root was copied');
    const touched = groupRootSlot(hashString('g'));
    after.groups.forEach((slot, index) => {
      if (index === touched) assert.notEqual(slot, before.groups[index]);
      else assert.equal(slot, before.groups[index], `slot ${index} is shared`);
    });
    assert.equal(findOffset(before, 'g', 't', 0)?.offset, 1);
    assert.throws(() =>
      produceTable(after, (draft, batch) => {
        evolve(draft, commitRecord('g', 't', 0, 9, 0), batch);
        throw new Error('a recipe that fails halfway');
      }),
    );
    assert.equal(findOffset(after, 'g', 't', 0)?.offset, 3, 'a failed produce changed nothing');
  });
});
