import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { InitGate } from '../../src/node/initGate.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import type { Init } from '../../src/requests/init.js';
import { findOffset } from '../../src/state/offsetTable.js';
import { bodies, commit, fetch, requestLine } from '../helpers/requestLines.js';

const initLine = (nodeId = 'n1', nodeIds = ['n1']): string => requestLine('init', 1, { node_id: nodeId, node_ids: nodeIds }, { src: 'c0', dest: nodeId });

describe('InitGate', () => {
  it('answers requests before init with code 11, starts the node init names, and hands it every later batch in order', async () => {
    const started: Init[] = [];
    let release: () => void = () => {};
    const opening = new Promise<void>((resolve) => (release = resolve));
    const gate = new InitGate({
      start: async (named, firstMsgId) => {
        started.push(named);
        await opening;
        return new OffsetNode({ log: new MemoryLog(), clock: () => 1, firstMsgId });
      },
      onRefused: () => assert.fail('not refused'),
      logger: () => {},
    });
    const first = gate.handleLines([commit(2, 'g', 5), initLine('n7', ['n7']), commit(3, 'g', 6)]);
    // Handed in while the node is still opening its logs: answered after the batch before it.
    const second = gate.handleLines([fetch(4, 'g')]);
    release();
    const replies = bodies([...(await first), ...(await second)]);
    assert.deepEqual(started, [{ nodeId: 'n7', nodeIds: ['n7'] }]);
    assert.equal(replies[0]?.['code'], 11);
    assert.match(String(replies[0]?.['text']), /send init before "commit_offset"/);
    assert.deepEqual(
      replies.slice(1).map(({ type, in_reply_to: inReplyTo, msg_id: msgId }) => [type, inReplyTo, msgId]),
      [
        ['init_ok', 1, 1],
        ['commit_offset_ok', 3, 2],
        ['fetch_offset_ok', 4, 3],
      ],
    );
    assert.equal(replies[3]?.['offset'], 6);
  });

  it('answers a malformed init with code 12 and waits for a valid one', async () => {
    const gate = new InitGate({ start: async () => new OffsetNode({ log: new MemoryLog() }), onRefused: () => assert.fail('not refused'), logger: () => {} });
    const [reply] = bodies(await gate.handleLines([requestLine('init', 1, { node_id: 'n1' }, { src: 'c0' })]));
    assert.equal(reply?.['code'], 12);
    assert.match(String(reply?.['text']), /node_ids/);
    assert.equal(bodies(await gate.handleLines([initLine()]))[0]?.['type'], 'init_ok');
  });

  it('answers an init it may not start with code 13, says why, and answers nothing after it', async () => {
    const refusals: Error[] = [];
    const gate = new InitGate({
      start: () => Promise.reject(new Error('this directory belongs to n2')),
      onRefused: (error) => refusals.push(error),
      logger: () => {},
    });
    const replies = bodies(await gate.handleLines([initLine(), commit(2, 'g', 1)]));
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.['code'], 13);
    assert.match(String(replies[0]?.['text']), /belongs to n2/);
    assert.deepEqual(refusals.map((error) => error.message), ['this directory belongs to n2']);
    assert.deepEqual(await gate.handleLines([commit(3, 'g', 1)]), []);
  });

  it('lets a node opened at start answer before init, and checks init before handing it on', async () => {
    const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
    const checked: string[] = [];
    const gate = new InitGate({ before: node, start: async (named) => (checked.push(named.nodeId), node), onRefused: () => assert.fail('not refused'), logger: () => {} });
    const replies = bodies(await gate.handleLines([commit(2, 'g', 5), initLine(), fetch(3, 'g')]));
    assert.deepEqual(replies.map((body) => body['type']), ['commit_offset_ok', 'init_ok', 'fetch_offset_ok']);
    assert.equal(replies[2]?.['offset'], 5);
    assert.deepEqual(checked, ['n1']);
  });
});

describe('InitGate with a recorded clock', () => {
  it('decides a batch that waited for the logs at its own stamp, not at a later batch stamp', async () => {
    let stamp = 100;
    let release: () => void = () => {};
    const opening = new Promise<void>((resolve) => (release = resolve));
    let node: OffsetNode | undefined;
    const gate = new InitGate({
      start: async (_named, firstMsgId) => {
        await opening;
        return (node = new OffsetNode({ log: new MemoryLog(), clock: () => stamp, firstMsgId }));
      },
      onRefused: () => assert.fail('not refused'),
      logger: () => {},
      holdClock: () => {
        const held = stamp;
        return () => {
          stamp = held;
        };
      },
    });
    const first = gate.handleLines([initLine(), commit(2, 'early', 5)]);
    stamp = 200; // the next batch is stamped while the logs are still opening
    const second = gate.handleLines([commit(3, 'late', 6)]);
    release();
    await Promise.all([first, second]);
    const table = (node as OffsetNode).offsetTable;
    assert.equal(findOffset(table, 'early', 't', 0)?.commitTimestamp, 100);
    assert.equal(findOffset(table, 'late', 't', 0)?.commitTimestamp, 200);
  });
});
