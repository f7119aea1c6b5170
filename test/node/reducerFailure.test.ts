import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { fold } from '../../src/state/reducer.js';
import { logRecords } from '../helpers/logRecords.js';
import { PoisoningLog } from '../helpers/poisoningLog.js';
import { bodies, commit, fetch, init } from '../helpers/requestLines.js';
import { SlowLog } from '../helpers/slowLog.js';

/** A commit of this offset makes the reducer throw, once: the stand-in for a bug in it. */
const POISON = 666;

/** Each reply as its offset, its error code, or its type. */
const outcomes = (replies: readonly string[]): unknown[] => bodies(replies).map((body) => body['offset'] ?? body['code'] ?? body['type']);

describe('OffsetNode after a reducer failure', () => {
  it('rebuilds the table from the log and refuses the reads it can no longer place, never showing a later commit', async () => {
    const stored = new MemoryLog();
    const logged: string[] = [];
    const node = new OffsetNode({ log: new PoisoningLog(stored, POISON), logger: (line) => logged.push(line) });
    const replies = await node.handleLines([init, commit(2, 'g', 1), fetch(3, 'g'), commit(4, 'g', POISON), fetch(5, 'h'), commit(6, 'h', 7), fetch(7, 'h')]);
    // The fetch of h comes before h's commit: answering it from the rebuilt table would show 7.
    assert.deepEqual(outcomes(replies), ['init_ok', 'commit_offset_ok', 1, 'commit_offset_ok', 11, 'commit_offset_ok', 11]);
    assert.match(logged.join('\n'), /reducer failed, rebuilding the table from the log/);
    assert.deepEqual(outcomes(await node.handleLines([fetch(8, 'g'), fetch(9, 'h')])), [POISON, 7]);
    assert.deepEqual(tableRows(node.offsetTable), tableRows(fold(logRecords(stored))));
  });

  it('rebuilds only once every append in flight is done, and answers the rounds the rebuild took in without their reads', async () => {
    const slow = new SlowLog();
    let rebuildStarted = (): void => {};
    const rebuilding = new Promise<void>((resolve) => (rebuildStarted = resolve));
    const logger = (line: string): void => {
      if (line.startsWith('reducer failed')) rebuildStarted();
    };
    const node = new OffsetNode({ log: new PoisoningLog(slow, POISON), logger });
    const first = node.handleLines([init, commit(2, 'g', 1)]);
    const poisoned = node.handleLines([commit(3, 'g', POISON), fetch(4, 'g')]);
    const later = node.handleLines([fetch(5, 'h'), commit(6, 'h', 7)]);
    assert.equal(slow.waiting, 3, 'all three batches were appended before any finished');
    slow.finish(2);
    await rebuilding;
    assert.equal(slow.waiting, 1, 'the reducer failed while the later batch was still on its way to the log');
    slow.finishAll();
    // The rebuilt table holds the later batch's commit, so its fetch of h (before that commit) cannot be answered.
    assert.deepEqual(outcomes([...(await first), ...(await poisoned), ...(await later)]), ['init_ok', 'commit_offset_ok', 'commit_offset_ok', 11, 11, 'commit_offset_ok']);
    assert.deepEqual(outcomes(await node.handleLines([fetch(7, 'g'), fetch(8, 'h')])), [POISON, 7]);
    assert.deepEqual(tableRows(node.offsetTable), tableRows(fold(logRecords(slow))));
  });
});
