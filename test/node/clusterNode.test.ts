import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { AppendError } from '../../src/log/appendError.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetLog } from '../../src/log/offsetLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { InProcessCluster, type Envelope } from '../helpers/inProcessCluster.js';
import { bodies, commit, commitOffsets, deleteGroups, fetch, listCommitted, listGroups, offsetCommit, offsetDelete, offsetFetch, poll, requestLine, send } from '../helpers/requestLines.js';
import { seededRandom } from '../../bench/workload.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);

/** A name of the form prefix+N owned by `owner`. */
function ownedBy(owner: string, prefix: string, of: (name: string) => string, skip = 0): string {
  for (let n = 0, found = 0; ; n++) if (of(`${prefix}${n}`) === owner && found++ === skip) return `${prefix}${n}`;
}
const groupOf = (owner: string, skip = 0): string => ownedBy(owner, 'g', (name) => ownership.ofGroup(name), skip);
const keyOf = (owner: string, skip = 0): string => ownedBy(owner, 'k', (name) => ownership.ofKey(name), skip);

/** A reply body as a client compares it: without the msg_id, which counts each node's own messages. */
function comparable(replies: readonly Envelope[]): Record<string, unknown>[] {
  return replies.map(({ body }) => {
    const { msg_id: _msgId, ...rest } = body;
    return rest;
  });
}

function mixedRequests(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const groups = NODES.flatMap((node) => [groupOf(node), groupOf(node, 1)]);
  const keys = NODES.flatMap((node) => [keyOf(node), keyOf(node, 1)]);
  const sent = new Map<string, number>();
  const lines: string[] = [];
  for (let msgId = 10; lines.length < count; msgId++) {
    const group = pick(groups);
    const key = pick(keys);
    const choice = Math.floor(random() * 11);
    if (choice === 0) lines.push(commit(msgId, group, Math.floor(random() * 100), Math.floor(random() * 2)));
    else if (choice === 1) lines.push(fetch(msgId, group, Math.floor(random() * 2)));
    else if (choice === 2) lines.push(offsetCommit(msgId, group, [{ topic: 't', partition: 0, offset: msgId }, { topic: 'u', partition: 1, offset: 7 }]));
    else if (choice === 3) lines.push(offsetFetch(msgId, group));
    else if (choice === 4) lines.push(listGroups(msgId));
    else if (choice === 5) lines.push(offsetDelete(msgId, group, [{ topic: 't', partition: 0 }]));
    else if (choice === 6) lines.push(deleteGroups(msgId, [pick(groups), pick(groups), 'never-committed']));
    else if (choice === 7) {
      sent.set(key, (sent.get(key) ?? 0) + 1);
      lines.push(send(msgId, key, { n: msgId }));
    } else if (choice === 8) lines.push(poll(msgId, keys.map((each) => [each, Math.floor(random() * 2)] as const)));
    else if (choice === 9) lines.push(commitOffsets(msgId, [[key, Math.floor(random() * 3)], [pick(keys), 1]]));
    else lines.push(listCommitted(msgId, keys));
  }
  return lines;
}

const to = (dest: string, line: string): string => {
  const message = JSON.parse(line) as Envelope;
  return JSON.stringify({ ...message, dest });
};

describe('a cluster of nodes', () => {
  it('gives every request, sent to any node, the reply a single node gives', async () => {
    for (const seed of [1, 2, 3]) {
      const single = new InProcessCluster(['n1']);
      const cluster = new InProcessCluster(NODES);
      const random = seededRandom(seed + 100);
      for (const line of mixedRequests(seed, 150)) {
        const expected = await single.request('n1', line);
        const dest = NODES[Math.floor(random() * NODES.length)] as string;
        const got = await cluster.request(dest, to(dest, line));
        assert.deepEqual(comparable(got), comparable(expected), `seed ${seed}, sent to ${dest}: ${line}`);
      }
      assert.ok(cluster.nodeToNode > 100, `requests crossed between nodes (${cluster.nodeToNode} lines)`);
      assert.equal(single.nodeToNode, 0);
    }
  });

  it('answers a forward its owner never answers with 11 for a read and 0 for a write, and drops the late answer', async () => {
    const cluster = new InProcessCluster(NODES);
    await cluster.settle();
    const group = groupOf('n2');
    cluster.cut('n2');
    cluster.deliver('n1', commit(20, group, 5, 0, { dest: 'n1' }));
    cluster.deliver('n1', fetch(21, group, 0, { dest: 'n1' }));
    await cluster.settle();
    assert.equal(cluster.clientReplies.filter((reply) => reply.src === 'n1' && reply.dest === 'c1').length, 0, 'nothing answered before the time is up');
    await (cluster.nodes.get('n1') as OffsetNode).finish();
    const [write, read] = comparable(cluster.clientReplies.slice(-2));
    assert.equal(write?.['code'], 0);
    assert.equal(write?.['in_reply_to'], 20);
    assert.match(String(write?.['text']), /no answer from n2/);
    assert.equal(read?.['code'], 11);
    assert.equal(read?.['in_reply_to'], 21);
    const answered = cluster.clientReplies.length;
    cluster.heal();
    await cluster.settle();
    assert.equal(cluster.clientReplies.length, answered, 'the owner answered after all, and nobody was told twice');
    // The write did reach its owner once the link healed: code 0 said it might.
    assert.deepEqual(comparable(await cluster.request('n3', fetch(22, group, 0, { dest: 'n3' }))), [{ type: 'fetch_offset_ok', in_reply_to: 22, offset: 5 }]);
  });

  it('keeps answering what a node owns while its peers are cut off', async () => {
    const cluster = new InProcessCluster(NODES);
    cluster.cut('n1');
    const own = groupOf('n1');
    assert.deepEqual(comparable(await cluster.request('n1', commit(30, own, 3, 0, { dest: 'n1' }))), [{ type: 'commit_offset_ok', in_reply_to: 30 }]);
    assert.deepEqual(comparable(await cluster.request('n1', fetch(31, own, 0, { dest: 'n1' }))), [{ type: 'fetch_offset_ok', in_reply_to: 31, offset: 3 }]);
  });

  it('calls a split write that failed at one owner and was applied at another indefinite', async () => {
    const failing: OffsetLog = { partitionCount: 50, append: () => Promise.reject(new AppendError('disk gone', true)), forEachRecord: () => {}, close: () => Promise.resolve() };
    const ok = new InProcessCluster(NODES);
    const [a, b] = [groupOf('n1'), groupOf('n2')];
    await ok.request('n1', commit(40, a, 1, 0, { dest: 'n1' }));
    await ok.request('n1', commit(41, b, 1, 0, { dest: 'n1' }));
    assert.deepEqual(comparable(await ok.request('n3', deleteGroups(42, [a, b], { dest: 'n3' }))), [{ type: 'delete_groups_ok', in_reply_to: 42, deleted: [a, b], not_found: [] }]);

    let failAppends = false;
    const cluster = new InProcessCluster(NODES, { logs: (id) => (id === 'n2' ? { ...failing, append: (records) => (failAppends ? failing.append(records) : Promise.resolve()) } : new MemoryLog()) });
    await cluster.request('n1', commit(40, a, 1, 0, { dest: 'n1' }));
    await cluster.request('n1', commit(41, b, 1, 0, { dest: 'n1' }));
    failAppends = true;
    const [reply] = comparable(await cluster.request('n3', deleteGroups(42, [a, b], { dest: 'n3' })));
    assert.equal(reply?.['code'], 13, JSON.stringify(reply));
    assert.match(String(reply?.['text']), /in part/);
    // Failed at its only owner, a write keeps the owner's definite error.
    const [whole] = comparable(await cluster.request('n3', commit(43, b, 2, 0, { dest: 'n3' })));
    assert.equal(whole?.['code'], 11, JSON.stringify(whole));
  });

  it('in a cluster of one, sends nothing of its own and answers as a node outside any cluster', async () => {
    const own: string[] = [];
    const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
    node.connect((lines) => own.push(...lines));
    const plain = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
    const lines = [requestLine('init', 1, { node_id: 'n1', node_ids: ['n1'] }, { src: 'c0' }), ...mixedRequests(7, 60)];
    const replies = await node.handleLines(lines);
    await node.finish();
    assert.deepEqual(replies, await plain.handleLines(lines));
    assert.deepEqual(own, []);
    assert.equal(bodies(replies).length, lines.length);
  });
});

describe('a node asked by another node', () => {
  it('refuses a request for what its node_ids give to a third node, rather than split its history', async () => {
    const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
    const sent: string[] = [];
    node.connect((lines) => sent.push(...lines));
    await node.handleLines([requestLine('init', 1, { node_id: 'n1', node_ids: NODES }, { src: 'c0' })]);
    const [own, other] = [groupOf('n1'), groupOf('n3')];
    const replies = bodies(await node.handleLines([commit(5, own, 1, 0, { src: 'n2' })]));
    assert.deepEqual(replies.map((body) => body['type']), ['commit_offset_ok']);
    assert.deepEqual(await node.handleLines([commit(6, other, 1, 0, { src: 'n2' })]), []);
    const [refusal] = sent.map((line) => JSON.parse(line) as Envelope);
    assert.equal(refusal?.dest, 'n2');
    assert.equal(refusal?.body['code'], 11);
    assert.match(String(refusal?.body["text"]), /give to n3: the nodes were started with different node_ids/);
  });
});

describe('a cluster node named again by another init', () => {
  it('refuses an init that changes its cluster, and keeps forwarding as before', async () => {
    const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
    const sent: Envelope[] = [];
    node.connect((lines) => sent.push(...lines.map((line) => JSON.parse(line) as Envelope)));
    await node.handleLines([requestLine('init', 1, { node_id: 'n1', node_ids: NODES }, { src: 'c0' })]);
    const [refusal] = bodies(await node.handleLines([requestLine('init', 2, { node_id: 'n1', node_ids: ['n1'] }, { src: 'c0' })]));
    assert.equal(refusal?.['code'], 22);
    assert.match(String(refusal?.['text']), /init named this node "n1" of \["n1","n2","n3"\] already/);
    assert.deepEqual(bodies(await node.handleLines([requestLine('init', 3, { node_id: 'n1', node_ids: NODES }, { src: 'c0' })])).map((body) => body['type']), ['init_ok'], 'the same init again is taken');
    await node.handleLines([fetch(5, groupOf('n2'))]);
    assert.deepEqual(sent.map((line) => line.dest), ['n2'], 'still forwarded to its owner');
  });
});
