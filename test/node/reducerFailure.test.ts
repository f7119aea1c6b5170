import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { fold, TableDraft } from '../../src/state/reducer.js';
import { bodies, commit, fetch, init } from '../helpers/requestLines.js';
import { SlowLog } from '../helpers/slowLog.js';
import { logRecords } from '../helpers/logRecords.js';

/** A commit of this offset makes the reducer throw, once: the stand-in for a bug in it. */
const POISON = 666;
const original = TableDraft.prototype.apply;
let poisoned = false;

beforeEach(() => {
  poisoned = false;
  TableDraft.prototype.apply = function (this: TableDraft, records: readonly OffsetRecord[]): void {
    if (!poisoned && records.some((record) => record.value?.offset === POISON)) {
      poisoned = true;
      throw new Error('planted reducer bug');
    }
    original.call(this, records);
  };
});
afterEach(() => {
  TableDraft.prototype.apply = original;
});

/** Each reply as its offset, its error code, or its type. */
const outcomes = (replies: readonly string[]): unknown[] => bodies(replies).map((body) => body['offset'] ?? body['code'] ?? body['type']);

describe('OffsetNode after a reducer failure', () => {
  it('rebuilds the table from the log and refuses the reads it can no longer place, never showing a later commit', () => {
    const log = new MemoryLog();
    const logged: string[] = [];
    const node = new OffsetNode({ log, logger: (line) => logged.push(line) });
    const replies = node.handleLines([init, commit(2, 'g', 1), fetch(3, 'g'), commit(4, 'g', POISON), fetch(5, 'h'), commit(6, 'h', 7), fetch(7, 'h')]);
    assert.ok(Array.isArray(replies));
    // The fetch of h comes before h's commit: answering it from the rebuilt table would show 7.
    assert.deepEqual(outcomes(replies), ['init_ok', 'commit_offset_ok', 1, 'commit_offset_ok', 11, 'commit_offset_ok', 11]);
    assert.match(logged.join('\n'), /reducer failed, rebuilding the table from the log/);
    const after = node.handleLines([fetch(8, 'g'), fetch(9, 'h')]);
    assert.ok(Array.isArray(after));
    assert.deepEqual(outcomes(after), [POISON, 7]);
    assert.deepEqual(tableRows(node.offsetTable), tableRows(fold(logRecords(log))));
  });

  it('waits for appends in flight, then answers the rounds the rebuild took in without their reads', async () => {
    const log = new SlowLog();
    const node = new OffsetNode({ log });
    const first = Promise.resolve(node.handleLines([init, commit(2, 'g', 1)]));
    const poisoned = Promise.resolve(node.handleLines([commit(3, 'g', POISON), fetch(4, 'g')]));
    const later = Promise.resolve(node.handleLines([fetch(5, 'h'), commit(6, 'h', 7)]));
    let answered = false;
    void poisoned.then(() => (answered = true));
    await log.finish(2);
    assert.equal(answered, false, 'the rebuild waits for the later batch, whose records the log may already hold');
    await log.finish();
    assert.deepEqual(outcomes([...(await first), ...(await poisoned), ...(await later)]), ['init_ok', 'commit_offset_ok', 'commit_offset_ok', 11, 11, 'commit_offset_ok']);
    const after = await Promise.resolve(node.handleLines([fetch(7, 'g'), fetch(8, 'h')]));
    assert.deepEqual(outcomes(after), [POISON, 7]);
    assert.deepEqual(tableRows(node.offsetTable), tableRows(fold(logRecords(log))));
  });
});
