import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { InProcessCluster, type Envelope } from '../helpers/inProcessCluster.js';
import { commit, fetch, requestLine } from '../helpers/requestLines.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);
const groupOf = (owner: string): string => {
  for (let n = 0; ; n++) if (ownership.ofGroup(`g${n}`) === owner) return `g${n}`;
};

const initOf = (msgId: number, nodeId: string, nodeIds: readonly string[]): string => requestLine('init', msgId, { node_id: nodeId, node_ids: nodeIds }, { src: 'c0', dest: nodeId });

describe('a second init while the node runs', () => {
  it(
    'still answers every request forwarded before it, once input ends',
    async () => {
      const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1, forwardTimeoutMs: 600_000 });
      const sent: Envelope[] = [];
      node.connect((lines) => {
        for (const line of lines) sent.push(JSON.parse(line) as Envelope);
      });
      await node.handleLines([initOf(1, 'n1', NODES)]);
      await node.handleLines([fetch(5, groupOf('n2'))]);
      assert.equal(sent.filter((message) => message.dest === 'n2').length, 1, 'the fetch went to its owner');
      await node.handleLines([initOf(2, 'n1', NODES)]); // the very same init, again
      await node.finish();
      await new Promise((resolve) => setImmediate(resolve));
      const answers = sent.filter((message) => message.dest === 'c1');
      assert.equal(answers.length, 1, `the client of the forwarded fetch gets one answer; got ${JSON.stringify(answers)}`);
      assert.equal(answers[0]?.body['code'], 11);
    },
  );

  it(
    'does not move ownership: a commit taken after an init with other node_ids is visible where the cluster reads it',
    async () => {
      const cluster = new InProcessCluster(NODES);
      await cluster.settle();
      const [reinit] = await cluster.request('n1', initOf(9, 'n1', ['n1']));
      const group = groupOf('n2');
      const [committed] = await cluster.request('n1', commit(10, group, 3, 0, { dest: 'n1' }));
      const [fetched] = await cluster.request('n2', fetch(11, group, 0, { dest: 'n2' }));
      // Either the second init is refused and n1 still forwards, or nothing acknowledged may be lost.
      if (reinit?.body['type'] === 'init_ok' && committed?.body['type'] === 'commit_offset_ok') {
        assert.equal(fetched?.body['offset'], 3, `n1 acknowledged the commit after init_ok for ${JSON.stringify(['n1'])}; n2, the owner, answers ${JSON.stringify(fetched?.body)}`);
      } else {
        assert.equal(reinit?.body['type'], 'error', JSON.stringify(reinit?.body));
      }
    },
  );
});
