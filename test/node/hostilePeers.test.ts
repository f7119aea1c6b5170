import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import type { Envelope } from '../helpers/inProcessCluster.js';
import { bodies, requestLine } from '../helpers/requestLines.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);

function ownedBy(owner: string, prefix: string, of: (name: string) => string): string {
  for (let n = 0; ; n++) if (of(`${prefix}${n}`) === owner) return `${prefix}${n}`;
}
const groupOf = (owner: string): string => ownedBy(owner, 'g', (name) => ownership.ofGroup(name));
const keyOf = (owner: string): string => ownedBy(owner, 'k', (name) => ownership.ofKey(name));

/** Node n1 of n1..n3, alone: the test plays its peers. Its timers never fire within a test. */
async function nodeN1(): Promise<{ node: OffsetNode; sent: Envelope[] }> {
  const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1, forwardTimeoutMs: 600_000 });
  const sent: Envelope[] = [];
  node.connect((lines) => {
    for (const line of lines) sent.push(JSON.parse(line) as Envelope);
  });
  await node.handleLines([requestLine('init', 1, { node_id: 'n1', node_ids: NODES }, { src: 'c0' })]);
  return { node, sent };
}

/** A peer's answer to the forward n1 sent it. */
function answerFrom(peer: string, forward: Envelope, body: Record<string, unknown>): string {
  return JSON.stringify({ src: peer, dest: 'n1', body: { ...body, msg_id: 77, in_reply_to: forward.body['msg_id'] } });
}

/** Sends a client request to n1 and then every peer's (malformed) answer with a client's read in the same batch. */
async function answeredBadly(request: string, bad: Record<string, unknown>): Promise<{ replies: Record<string, unknown>[]; toClient: Record<string, unknown>[]; threw: unknown }> {
  const { node, sent } = await nodeN1();
  await node.handleLines([request]);
  await node.ownPartsAnswered();
  const forwards = sent.filter((message) => message.dest === 'n2' || message.dest === 'n3');
  assert.ok(forwards.length > 0, 'the request was forwarded');
  const ownRead = requestLine('fetch_offset', 8, { group: groupOf('n1'), topic: 't', partition: 0 });
  let replies: string[] = [];
  let threw: unknown;
  try {
    replies = await node.handleLines([...forwards.map((forward) => answerFrom(forward.dest, forward, bad)), ownRead]);
    await node.finish();
  } catch (error) {
    threw = error;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { replies: bodies(replies), toClient: sent.filter((message) => message.dest === 'c1').map((message) => message.body), threw };
}

describe('a node whose peer answers a forward with a malformed body', () => {
  it(
    'answers the client of a poll with an error, and the rest of the batch, when a peer says msgs: {key: 5}',
    async () => {
      const request = requestLine('poll', 5, { offsets: { [keyOf('n2')]: 0 } });
      const { replies, toClient, threw } = await answeredBadly(request, { type: 'poll_ok', msgs: { [keyOf('n2')]: 5 } });
      assert.equal(threw, undefined, `handleLines threw: ${String(threw)}`);
      assert.deepEqual(replies.map((body) => body['type']), ['fetch_offset_ok'], 'the read in the same batch is answered');
      assert.equal(toClient.length, 1, JSON.stringify(toClient));
      assert.equal(toClient[0]?.['type'], 'error');
    },
  );

  it(
    'answers the client of a delete_groups with an error when a peer says deleted: {}',
    async () => {
      const request = requestLine('delete_groups', 5, { groups: [groupOf('n2'), groupOf('n3')] });
      const { replies, toClient, threw } = await answeredBadly(request, { type: 'delete_groups_ok', deleted: {} });
      assert.equal(threw, undefined, `handleLines threw: ${String(threw)}`);
      assert.deepEqual(replies.map((body) => body['type']), ['fetch_offset_ok']);
      assert.equal(toClient.length, 1, JSON.stringify(toClient));
      assert.equal(toClient[0]?.['type'], 'error');
      // A write whose parts' outcome cannot be read: it may have happened.
      assert.equal(toClient[0]?.['code'], 13);
    },
  );

  it(
    'does not relay list_groups_ok with made-up groups when a peer leaves groups out',
    async () => {
      const { toClient, threw } = await answeredBadly(requestLine('list_groups', 5), { type: 'list_groups_ok' });
      assert.equal(threw, undefined);
      assert.equal(toClient.length, 1);
      const groups = toClient[0]?.['groups'];
      assert.ok(toClient[0]?.['type'] === 'error' || (Array.isArray(groups) && groups.every((group) => typeof group === 'string')), `got ${JSON.stringify(toClient[0])}`);
    },
  );

  it('drops a duplicated answer, an answer from the wrong peer and one to a message never sent, and relays the right one once', async () => {
    const { node, sent } = await nodeN1();
    const group = groupOf('n2');
    await node.handleLines([requestLine('commit_offset', 5, { group, topic: 't', partition: 0, offset: 4 }), requestLine('fetch_offset', 6, { group, topic: 't', partition: 0 })]);
    const [commit, fetch] = sent.filter((message) => message.dest === 'n2');
    assert.ok(commit !== undefined && fetch !== undefined);
    const replies = await node.handleLines([
      answerFrom('n3', commit, { type: 'commit_offset_ok' }), // the wrong peer
      answerFrom('n2', { ...commit, body: { msg_id: 123_456 } }, { type: 'commit_offset_ok' }), // never sent
      answerFrom('n2', commit, { type: 'fetch_offset_ok', offset: 9 }), // the wrong type
      answerFrom('n2', commit, { type: 'commit_offset_ok' }),
      answerFrom('n2', commit, { type: 'commit_offset_ok' }), // twice
      answerFrom('n2', fetch, { type: 'fetch_offset_ok', offset: 4 }),
    ]);
    await node.finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(replies, [], 'nothing answers an answer');
    const toClient = sent.filter((message) => message.dest === 'c1').map(({ body }) => ({ type: body['type'], in_reply_to: body['in_reply_to'], offset: body['offset'] }));
    assert.deepEqual(toClient, [
      { type: 'commit_offset_ok', in_reply_to: 5, offset: undefined },
      { type: 'fetch_offset_ok', in_reply_to: 6, offset: 4 },
    ]);
  });

  it(
    'does not answer an error reply from outside its node_ids with another error',
    async () => {
      const { node, sent } = await nodeN1();
      const reply = JSON.stringify({ src: 'n4', dest: 'n1', body: { type: 'error', code: 10, text: 'unsupported', msg_id: 3, in_reply_to: 1 } });
      const replies = await node.handleLines([reply]);
      await node.finish();
      assert.deepEqual(replies, []);
      assert.deepEqual(sent, []);
    },
  );
});
