import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients } from '../helpers/kafkaWorkload.js';
import { LiveNode } from '../helpers/liveNode.js';

const KEYS = ['0', '1', '2', '__proto__', 'orders'];

describe("Maelstrom's kafka workload against the real node", () => {
  it('loses no acknowledged send, reuses no offset, and answers every poll contiguously from its offset', async () => {
    const node = LiveNode.start();
    const request = node.request.bind(node);
    assert.equal((await request('c0', { type: 'init', msg_id: 0, node_id: 'n1', node_ids: ['n1'] }))?.['type'], 'init_ok');
    const history = emptyHistory();
    await runKafkaClients(request, { clients: 6, operationsPerClient: 300, keys: KEYS, seed: 19 }, history);
    const log = await finalLog(request, KEYS);
    assert.equal(await node.close(), 0, node.stderr);
    assert.deepEqual(checkKafkaHistory(history, log), []);
    // The run did what it is meant to: many sends, polls that saw data, commits listed.
    assert.ok(history.sent.length > 500, `${history.sent.length} sends acknowledged`);
    assert.equal(history.unsure.length, 0);
    assert.ok(history.polls.filter((each) => Object.keys(each.msgs).length > 0).length > 100);
    assert.ok(history.listed.some((each) => Object.keys(each).length > 0));
    assert.equal([...log.values()].reduce((sum, run) => sum + run.length, 0), history.sent.length);
  });
});
