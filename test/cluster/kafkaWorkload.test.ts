import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { ownersOf } from '../helpers/clusterOwners.js';
import { ClusterRouter } from '../helpers/clusterRouter.js';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients, type Requester } from '../helpers/kafkaWorkload.js';

const NODES = ['n1', 'n2', 'n3'];
const KEYS = ['0', '1', '2', '3', '4', '5', '__proto__', 'orders'];

describe("Maelstrom's kafka workload over three nodes, each request to a random node", () => {
  it('loses no acknowledged send, reuses no offset, and answers every poll contiguously from its offset', async () => {
    const router = await ClusterRouter.start(NODES);
    try {
      const random = seededRandom(23);
      const anyNode: Requester = (src, body) => router.request(NODES[Math.floor(random() * NODES.length)] as string, src, body);
      const history = emptyHistory();
      await runKafkaClients(anyNode, { clients: 6, operationsPerClient: 150, keys: KEYS, seed: 19 }, history);
      const log = await finalLog(anyNode, KEYS);
      assert.deepEqual(checkKafkaHistory(history, log), []);
      // The run did what it is meant to: many sends, polls that saw data, commits listed, all answered.
      assert.ok(history.sent.length > 250, `${history.sent.length} sends acknowledged`);
      assert.deepEqual(history.unsure, []);
      assert.ok(history.polls.filter((each) => Object.keys(each.msgs).length > 0).length > 50);
      assert.ok(history.listed.some((each) => Object.keys(each).length > 0));
      assert.equal([...log.values()].reduce((sum, run) => sum + run.length, 0), history.sent.length);
      // ... and the keys were spread over all three nodes, so most requests crossed between them.
      const owners = await ownersOf(router, 'n1', [], KEYS);
      assert.deepEqual(new Set(owners.keys.values()), new Set(NODES), `owners of the keys: ${JSON.stringify([...owners.keys])}`);
      assert.ok(router.forwards().length > history.sent.length, `${router.forwards().length} forwards for ${history.sent.length} sends`);
      const codes = await router.close();
      assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
      assert.deepEqual(router.strays, []);
    } finally {
      await router.killAll();
    }
  });
});
