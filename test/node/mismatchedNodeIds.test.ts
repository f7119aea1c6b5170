import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import type { Envelope } from '../helpers/inProcessCluster.js';
import { bodies, deleteGroups, poll, requestLine } from '../helpers/requestLines.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);
function ownedBy(owner: string, prefix: string, of: (name: string) => string): string {
  for (let n = 0; ; n++) if (of(`${prefix}${n}`) === owner) return `${prefix}${n}`;
}

/**
 * A peer that disagrees on node_ids sends n1 a part of a split request naming what n1's node_ids
 * give to n3. A request for one group or key is refused with 11 in that case (clusterNode.test.ts);
 * a part of a split one must be too, not answered from a log that cannot hold it.
 */
describe('a part of a split request for what this node does not own, from a node started with other node_ids', () => {
  for (const [name, line] of [
    ['poll', poll(7, [[ownedBy('n3', 'k', (key) => ownership.ofKey(key)), 0]], { src: 'n2' })],
    ['delete_groups', deleteGroups(8, [ownedBy('n3', 'g', (group) => ownership.ofGroup(group))], { src: 'n2' })],
  ] as const) {
    it(
      `is refused with code 11 (${name})`,
      async () => {
        const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
        const sent: Envelope[] = [];
        node.connect((lines) => {
          for (const each of lines) sent.push(JSON.parse(each) as Envelope);
        });
        await node.handleLines([requestLine('init', 1, { node_id: 'n1', node_ids: NODES }, { src: 'c0' })]);
        const replies = bodies(await node.handleLines([line]));
        await new Promise((resolve) => setImmediate(resolve));
        const answers = [...replies, ...sent.map((message) => message.body)];
        assert.equal(answers.length, 1);
        assert.equal(answers[0]?.['code'], 11, JSON.stringify(answers[0]));
      },
    );
  }
});
