import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetLog } from '../../src/log/offsetLog.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { fold, foldLog } from '../../src/state/reducer.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { cutAt } from '../helpers/cutAt.js';
import { logRecords } from '../helpers/logRecords.js';
import { bodies, commit, fetch, init } from '../helpers/requestLines.js';

async function runBatches(batches: readonly (readonly string[])[], log: OffsetLog = new MemoryLog()): Promise<{ node: OffsetNode; replies: string[] }> {
  const node = new OffsetNode({ log, clock: () => 1700000000000 });
  const replies: string[] = [];
  for (const batch of batches) replies.push(...(await node.handleLines(batch)));
  return { node, replies };
}

describe('OffsetNode', () => {
  it('answers a fetch with the commits before it in the same batch, and none after it', async () => {
    const { replies } = await runBatches([[init, commit(2, 'g', 5), fetch(3, 'g'), commit(4, 'g', 9), fetch(5, 'g'), fetch(6, 'h')]]);
    assert.deepEqual(bodies(replies).map((body) => body['offset']), [undefined, undefined, 5, undefined, 9, 0]);
  });

  it('gives the same replies however the input is cut into batches', async () => {
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 1 }), fc.nat({ max: 50 })).map(([group, partition, offset]) => ({ kind: 'commit' as const, group, partition, offset })),
      fc.tuple(fc.constantFrom('a', 'b'), fc.nat({ max: 1 })).map(([group, partition]) => ({ kind: 'fetch' as const, group, partition })),
      fc.constant({ kind: 'garbage' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.array(fc.nat()), async (steps, cuts) => {
        const lines = [init, ...steps.map((step, i) => (step.kind === 'commit' ? commit(i + 2, step.group, step.offset, step.partition) : step.kind === 'fetch' ? fetch(i + 2, step.group, step.partition) : 'garbage'))];
        const whole = await runBatches([lines]);
        const pieces = await runBatches(cutAt(lines, cuts));
        const oneByOne = await runBatches(lines.map((l) => [l]));
        assert.deepEqual(pieces.replies, whole.replies);
        assert.deepEqual(oneByOne.replies, whole.replies);
        assert.deepEqual(tableRows(whole.node.offsetTable), tableRows(oneByOne.node.offsetTable));
      }),
    );
  });

  it('keeps the table equal to the fold of its log', async () => {
    const log = new MemoryLog(4);
    const lines = [init];
    for (let i = 0; i < 500; i++) lines.push(i % 3 === 0 ? fetch(i + 2, `g${i % 17}`, i % 5) : commit(i + 2, `g${i % 17}`, i, i % 5));
    const { node } = await runBatches([lines.slice(0, 200), lines.slice(200)], log);
    assert.deepEqual(tableRows(node.offsetTable), tableRows(fold(logRecords(log))));
    assert.equal(logRecords(log).length, lines.filter((l) => l.includes('commit_offset')).length);
  });

  it('counts every message it sends, errors included, from 0', async () => {
    const { replies } = await runBatches([[init, 'junk', '{"src":"c1","dest":"n1","body":{"type":"nope","msg_id":2}}', fetch(3, 'g')]]);
    assert.deepEqual(bodies(replies).map((body) => [body['type'], body['msg_id']]), [['init_ok', 0], ['error', 1], ['fetch_offset_ok', 2]]);
  });

  it('starts from the table a log that already holds records leads to', async () => {
    const log = new MemoryLog();
    await runBatches([[init, commit(2, 'g', 42), commit(3, 'h', 7, 3)]], log);
    const restarted = new OffsetNode({ log, table: foldLog(log) });
    assert.deepEqual(bodies(await restarted.handleLines([fetch(4, 'g'), fetch(5, 'h', 3)])).map((body) => body['offset']), [42, 7]);
  });

  it('refuses commits it could not append, changes nothing, and keeps answering fetches', async () => {
    const failing: OffsetLog = {
      partitionCount: 1,
      append: (records: readonly OffsetRecord[]) => (records.some((r) => r.key.group === 'bad') ? Promise.reject(new Error('disk full')) : Promise.resolve()),
      forEachRecord: () => {},
      close: () => Promise.resolve(),
    };
    const logged: string[] = [];
    const node = new OffsetNode({ log: failing, logger: (line) => logged.push(line) });
    await node.handleLines([init, commit(2, 'good', 1)]);
    const replies = await node.handleLines([commit(3, 'good', 2), commit(4, 'bad', 3), fetch(5, 'good'), fetch(6, 'bad')]);
    assert.deepEqual(bodies(replies).map((body) => [body['type'], body['code'] ?? body['offset']]), [['error', 13], ['error', 13], ['fetch_offset_ok', 1], ['fetch_offset_ok', 0]]);
    assert.match(logged.join('\n'), /append failed: disk full/);
  });
});
