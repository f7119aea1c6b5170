import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitRecord } from '../../src/log/format/offsetRecord.js';
import { describeTable } from '../../src/replay/formatTable.js';
import { fold } from '../../src/state/reducer.js';

describe('describeTable', () => {
  it('prints what the log holds: a date, a dash for a run without a clock, and the raw milliseconds past any date', () => {
    const table = fold([commitRecord('a', 't', 0, 1, 1_700_000_000_000), commitRecord('b', 't', 0, 2, 0), commitRecord('c', 't', 0, 3, 9e15)]);
    const rows = describeTable(table).split('\n').slice(1, 4);
    assert.match(rows[0] as string, /^a +t +0 +1 +2023-11-14T22:13:20\.000Z/);
    assert.match(rows[1] as string, /^b +t +0 +2 +- /);
    assert.match(rows[2] as string, /^c +t +0 +3 +9000000000000000 ms/);
  });
});
