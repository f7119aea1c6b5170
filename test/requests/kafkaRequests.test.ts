import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryDataLog } from '../../src/log/data/memoryDataLog.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { POLL_MAX_MESSAGES_PER_KEY, POLL_MAX_REPLY_BYTES } from '../../src/requests/poll.js';
import { findLogEnd } from '../../src/state/offsetTable.js';
import { foldLog } from '../../src/state/reducer.js';
import { bodies, commitOffsets, fetch, init, listCommitted, poll, send } from '../helpers/requestLines.js';
import { SlowDataLog } from '../helpers/slowDataLog.js';
import { cutAt } from '../helpers/cutAt.js';

async function run(lines: readonly string[], node = new OffsetNode({ log: new MemoryLog(), clock: () => 1700000000000 })): Promise<Record<string, unknown>[]> {
  return bodies(await node.handleLines([init, ...lines])).slice(1);
}

describe('send and poll', () => {
  it('gives each key offsets 0, 1, 2, … in the order sends arrive, and a poll sees exactly the sends before it', async () => {
    const replies = await run([send(2, 'a', 'x'), send(3, 'b', 'y'), poll(4, [['a', 0], ['b', 0]]), send(5, 'a', { z: [1] }), poll(6, [['a', 0]])]);
    assert.deepEqual(replies.map((body) => body['offset']), [0, 0, undefined, 1, undefined]);
    assert.deepEqual(replies[2]?.['msgs'], { a: [[0, 'x']], b: [[0, 'y']] });
    assert.deepEqual(replies[4]?.['msgs'], { a: [[0, 'x'], [1, { z: [1] }]] });
  });

  it('gives the same replies however the input is cut into batches, handed in without waiting', async () => {
    const step = fc.oneof(
      fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 9 })).map(([key, msg]) => ({ kind: 'send' as const, key, msg })),
      fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 })).map(([a, b]) => ({ kind: 'poll' as const, a, b })),
      fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 5 })).map(([key, offset]) => ({ kind: 'commit' as const, key, offset })),
      fc.constant({ kind: 'list' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.array(fc.nat()), async (steps, cuts) => {
        const lines = [
          init,
          ...steps.map((each, i) =>
            each.kind === 'send' ? send(i + 2, each.key, each.msg) : each.kind === 'poll' ? poll(i + 2, [['a', each.a], ['b', each.b]]) : each.kind === 'commit' ? commitOffsets(i + 2, [[each.key, each.offset]]) : listCommitted(i + 2, ['a', 'b']),
          ),
        ];
        const node = () => new OffsetNode({ log: new MemoryLog(), clock: () => 1700000000000 });
        const whole = await node().handleLines(lines);
        const cutNode = node();
        const pieces = (await Promise.all(cutAt(lines, cuts).map((batch) => cutNode.handleLines(batch)))).flat();
        assert.deepEqual(pieces, whole);
      }),
    );
  });

  it('leaves out keys with nothing at or after the offset, and starts exactly at the offset asked', async () => {
    const replies = await run([send(2, 'a', 1), send(3, 'a', 2), send(4, 'a', 3), poll(5, [['a', 1], ['b', 0], ['c', 7]]), poll(6, [['a', 3]])]);
    assert.deepEqual(replies[3]?.['msgs'], { a: [[1, 2], [2, 3]] });
    assert.deepEqual(replies[4]?.['msgs'], {});
  });

  it('treats a key named __proto__ as any other, in sends, polls, commits and lists', async () => {
    const replies = await run([send(2, '__proto__', 'p'), poll(3, [['__proto__', 0]]), commitOffsets(4, [['__proto__', 1]]), listCommitted(5, ['__proto__', 'constructor'])]);
    const msgs = replies[1]?.['msgs'] as Record<string, unknown>;
    assert.deepEqual(Object.entries(msgs), [['__proto__', [[0, 'p']]]]);
    assert.deepEqual(Object.entries(replies[3]?.['offsets'] as object), [['__proto__', 1]]);
  });

  it('returns at most the per-key limit, and cuts runs at the reply budget but never drops a key with data', async () => {
    const big = 'x'.repeat(POLL_MAX_REPLY_BYTES / 2);
    const sends = Array.from({ length: POLL_MAX_MESSAGES_PER_KEY + 5 }, (_, i) => send(10 + i, 'many', i));
    const replies = await run([...sends, send(2, 'big', big), send(3, 'big', big), send(4, 'big', big), send(5, 'last', big), poll(6, [['many', 0], ['big', 0], ['last', 0]])]);
    const msgs = replies[replies.length - 1]?.['msgs'] as Record<string, unknown[]>;
    assert.equal(msgs['many']?.length, POLL_MAX_MESSAGES_PER_KEY);
    assert.ok((msgs['big']?.length ?? 0) >= 1 && (msgs['big']?.length ?? 0) < 3, `big got ${msgs['big']?.length}`);
    assert.equal(msgs['last']?.length, 1);
  });

  it('refuses malformed fields with code 12, naming the field', async () => {
    const replies = await run([poll(2, [['orders', -1]]), send(3, '', 1), commitOffsets(4, [['k', 1.5]])]);
    assert.deepEqual(replies.map((body) => body['code']), [12, 12, 12]);
    assert.equal(replies[0]?.['text'], 'poll: offsets.orders must be an integer from 0 to 9007199254740991, got -1');
    assert.match(String(replies[2]?.['text']), /^commit_offsets: offsets\.k must be an integer/);
  });
});

describe('commit_offsets and list_committed_offsets', () => {
  it('are commits of the default group kafka, topic = key, partition 0, seen by fetch_offset', async () => {
    const replies = await run([commitOffsets(2, [['k', 4], ['j', 2]]), listCommitted(3, ['k', 'j', 'never']), fetch(4, 'kafka', 0, { topic: 'k' }), commitOffsets(5, [['k', 1]]), listCommitted(6, ['k'])]);
    assert.equal(replies[0]?.['type'], 'commit_offsets_ok');
    assert.deepEqual(replies[1]?.['offsets'], { k: 4, j: 2 });
    assert.equal(replies[2]?.['offset'], 4);
    assert.deepEqual(replies[4]?.['offsets'], { k: 1 }, 'the last commit wins, backwards too');
  });

  it('keep a named group apart from the default one', async () => {
    const replies = await run([commitOffsets(2, [['k', 4]], 'other'), listCommitted(3, ['k']), listCommitted(4, ['k'], 'other')]);
    assert.deepEqual(replies.slice(1).map((body) => body['offsets']), [{}, { k: 4 }]);
  });
});

describe('a failed data append', () => {
  it('refuses the sends behind it too, then gives their offsets again: no hole, nothing reused', async () => {
    const dataLog = new SlowDataLog(new Set([1]));
    const node = new OffsetNode({ log: new MemoryLog(), dataLog });
    const first = node.handleLines([init, send(2, 'k', 'a')]);
    const failed = node.handleLines([send(3, 'k', 'b')]);
    const behind = node.handleLines([send(4, 'k', 'c'), send(5, 'other', 'o')]);
    dataLog.finish();
    const replies = bodies([...(await first), ...(await failed), ...(await behind)]).slice(1);
    // The failed append's outcome is unknown to the log (13); the ones behind it were refused whole (11).
    assert.deepEqual(replies.map((body) => body['offset'] ?? body['code']), [0, 13, 11, 11]);
    dataLog.finishAll();
    const retried = node.handleLines([send(6, 'k', 'd'), send(7, 'other', 'p')]);
    const after = node.handleLines([poll(8, [['k', 0], ['other', 0]])]);
    assert.deepEqual(bodies(await retried).map((body) => body['offset']), [1, 0]);
    assert.deepEqual(bodies(await after)[0]?.['msgs'], { k: [[0, 'a'], [1, 'd']], other: [[0, 'p']] });
    assert.equal(findLogEnd(node.offsetTable, 'k'), 2);
  });
});

describe('the log end rule', () => {
  it('the table the logs lead to has each key end one past its last offset', async () => {
    const dataLog = new MemoryDataLog();
    const log = new MemoryLog();
    const node = new OffsetNode({ log, dataLog });
    await node.handleLines([init, send(2, 'a', 1), send(3, 'a', 2), send(4, 'b', 3)]);
    const rebuilt = foldLog(log, undefined, dataLog);
    assert.deepEqual(['a', 'b', 'c'].map((key) => findLogEnd(rebuilt, key)), [2, 1, 0]);
    assert.deepEqual(['a', 'b', 'c'].map((key) => findLogEnd(node.offsetTable, key)), [2, 1, 0]);
  });

  it('refuses an append that does not continue a key exactly, writing nothing', async () => {
    const dataLog = new MemoryDataLog();
    await dataLog.append([{ key: 'a', offset: 0, msg: 1 }]);
    await assert.rejects(dataLog.append([{ key: 'b', offset: 0, msg: 2 }, { key: 'a', offset: 2, msg: 3 }]), { name: 'AppendError', definite: true, message: /data log of key "a" expected offset 1 next, got 2/ });
    const records: unknown[] = [];
    dataLog.forEachRecord((record) => records.push(record));
    assert.deepEqual(records, [{ key: 'a', offset: 0, msg: 1 }]);
  });
});
