import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { cutAt } from '../helpers/cutAt.js';
import { bodies, commit, fetch, init, remove } from '../helpers/requestLines.js';
import { SlowLog } from '../helpers/slowLog.js';

/** Replies of each batch, handed in one at a time, each only once the one before is answered. */
async function oneBatchAtATime(batches: readonly (readonly string[])[], log: SlowLog): Promise<{ node: OffsetNode; replies: string[] }> {
  const node = new OffsetNode({ log, clock: () => 1700000000000 });
  log.finishAll();
  const replies: string[] = [];
  for (const batch of batches) replies.push(...(await node.handleLines(batch)));
  return { node, replies };
}

describe('OffsetNode with batches overlapping on a slow log', () => {
  it('decides a batch while the one before waits on the log, and answers each only once its append is done', async () => {
    const log = new SlowLog();
    const node = new OffsetNode({ log });
    const answeredAfter: [string, number][] = [];
    const first = node.handleLines([init, commit(2, 'g', 5)]).then((replies) => (answeredAfter.push(['first', log.finished]), replies));
    const second = node.handleLines([fetch(3, 'g'), commit(4, 'g', 9)]).then((replies) => (answeredAfter.push(['second', log.finished]), replies));
    assert.equal(log.waiting, 2, 'the second batch was appended before the first one finished');
    log.finish(1);
    await first;
    log.finish(1);
    await second;
    // Each batch is answered in order, and never before its own append finished.
    assert.deepEqual(answeredAfter.map(([name]) => name), ['first', 'second']);
    assert.ok(answeredAfter.every(([name, finished]) => finished >= (name === 'first' ? 1 : 2)), JSON.stringify(answeredAfter));
    assert.deepEqual(bodies(await second).map((body) => [body['type'], body['offset']]), [['fetch_offset_ok', 5], ['commit_offset_ok', undefined]]);
  });

  it('does not show a later batch the commits of an earlier one whose append failed', async () => {
    const log = new SlowLog(new Set([0]));
    const node = new OffsetNode({ log });
    const first = node.handleLines([init, commit(2, 'g', 5)]);
    const second = node.handleLines([fetch(3, 'g'), commit(4, 'g', 9), fetch(5, 'g')]);
    log.finishAll();
    assert.deepEqual(bodies(await first).map((body) => body['type']), ['init_ok', 'error']);
    assert.deepEqual(bodies(await second).map((body) => body['offset'] ?? body['type']), [0, 'commit_offset_ok', 9]);
  });

  it('decides a delete only once every earlier commit is applied, and keeps later batches behind it', async () => {
    const log = new SlowLog();
    const node = new OffsetNode({ log });
    const first = node.handleLines([init, commit(2, 'g', 5)]);
    const second = node.handleLines([remove(3, 'g')]);
    const third = node.handleLines([fetch(4, 'g')]);
    assert.equal(log.waiting, 1, 'the delete waits to see the table, and the fetch after it waits too');
    log.finishAll();
    const replies = [...(await first), ...(await second), ...(await third)];
    assert.deepEqual(bodies(replies).map((body) => body['deleted'] ?? body['offset'] ?? body['type']), ['init_ok', 'commit_offset_ok', 1, 0]);
    assert.equal(log.appended[1]?.[0]?.value, null, 'the delete appended a tombstone');
  });

  it('gives the same replies and table as one batch at a time, whatever the cuts, timing and failed appends', async () => {
    const line = fc.oneof(
      { arbitrary: fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 1 }), fc.nat({ max: 50 })).map(([group, partition, offset]) => ({ kind: 'commit' as const, group, partition, offset })), weight: 4 },
      { arbitrary: fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 1 })).map(([group, partition]) => ({ kind: 'fetch' as const, group, partition })), weight: 4 },
      { arbitrary: fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 1 })).map(([group, partition]) => ({ kind: 'delete' as const, group, partition })), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.array(fc.nat()), fc.array(fc.nat({ max: 2 })), fc.uniqueArray(fc.nat({ max: 30 })), async (steps, cuts, finishes, failing) => {
        const lines = [
          init,
          ...steps.map((step, i) =>
            step.kind === 'commit' ? commit(i + 2, step.group, step.offset, step.partition) : step.kind === 'fetch' ? fetch(i + 2, step.group, step.partition) : remove(i + 2, step.group, step.partition),
          ),
        ];
        const batches = cutAt(lines, cuts);
        const expected = await oneBatchAtATime(batches, new SlowLog(new Set(failing)));

        const log = new SlowLog(new Set(failing));
        const node = new OffsetNode({ log, clock: () => 1700000000000 });
        const pending = batches.map((batch, i) => {
          const replies = node.handleLines(batch);
          log.finish(finishes[i] ?? 0);
          return replies;
        });
        log.finishAll();
        assert.deepEqual((await Promise.all(pending)).flat(), expected.replies);
        assert.deepEqual(tableRows(node.offsetTable), tableRows(expected.node.offsetTable));
      }),
    );
  });
});
