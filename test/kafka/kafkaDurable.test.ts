import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients, type Requester } from '../helpers/kafkaWorkload.js';
import { LiveNode } from '../helpers/liveNode.js';

const KEYS = ['0', '1', '2', '__proto__', 'orders'];
const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-kafka-durable-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function started(dataDir: string): Promise<LiveNode> {
  const node = LiveNode.start({ OFFSETLOG_DATA_DIR: dataDir });
  const reply = await node.request('c0', { type: 'init', msg_id: 0, node_id: 'n1', node_ids: ['n1'] });
  assert.equal(reply?.['type'], 'init_ok', node.stderr);
  return node;
}

describe("Maelstrom's kafka workload against the durable node, killed with -9 mid-run", () => {
  it('loses no acknowledged send and reuses no offset across the restart', async () => {
    const dataDir = join(scratch, 'run');
    const history = emptyHistory();
    const first = await started(dataDir);
    // Killed once this many sends are acknowledged: a point in the run, whatever the machine's speed.
    let acknowledged = 0;
    const killing: Requester = async (src, body) => {
      const reply = await first.request(src, body);
      if (reply?.['type'] === 'send_ok' && ++acknowledged === 150) void first.kill();
      return reply;
    };
    await runKafkaClients(killing, { clients: 6, operationsPerClient: 200, keys: KEYS, seed: 7 }, history);
    await first.kill();
    assert.ok(acknowledged >= 150, `${acknowledged} sends acknowledged before the kill`);

    const second = await started(dataDir);
    const request = second.request.bind(second);
    await runKafkaClients(request, { clients: 6, operationsPerClient: 100, keys: KEYS, seed: 8 }, history, 1_000_000);
    const log = await finalLog(request, KEYS);
    assert.equal(await second.close(), 0, second.stderr);
    assert.deepEqual(checkKafkaHistory(history, log), []);
    assert.ok(history.sent.some((send) => send.msg >= 1_000_000), 'sends after the restart were acknowledged');
  });
});
