import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients, type Requester } from '../helpers/kafkaWorkload.js';
import { LiveNode, type Body } from '../helpers/liveNode.js';
import { NatsCluster } from '../helpers/natsCluster.js';

const KEYS = ['0', '1', '2', '__proto__', 'orders'];

describe('the node with its logs in a 3-server JetStream cluster', () => {
  let nats: NatsCluster;
  const nodes: LiveNode[] = [];
  before(async () => {
    nats = await NatsCluster.start(3);
  });
  after(async () => {
    // A failed test leaves its node running: it would keep the test process alive.
    for (const node of nodes) await node.kill();
    await nats.close();
  });

  async function started(nodeId = 'n1'): Promise<LiveNode> {
    // No data directory: everything the node knows at start comes from the streams.
    const node = LiveNode.start({ OFFSETLOG_NATS_URL: nats.urls.join(','), OFFSETLOG_DATA_DIR: '' });
    nodes.push(node);
    const reply = await node.request('c0', { type: 'init', msg_id: 0, node_id: nodeId, node_ids: [nodeId] });
    assert.equal(reply?.['type'], 'init_ok', node.stderr);
    return node;
  }

  it('loses no acknowledged write while a NATS server is killed with -9 and restarted, nor when the node itself is', async () => {
    const history = emptyHistory();
    const first = await started();
    const committed = await first.request('c0', { type: 'commit_offsets', msg_id: 1, offsets: { 'committed-only': 42 } });
    assert.equal(committed?.['type'], 'commit_offsets_ok', JSON.stringify(committed));
    // Points in the run counted in acknowledged sends, whatever the machine's speed.
    let acknowledged = 0;
    let serverBack: Promise<void> | undefined;
    const faulty: Requester = async (src, body) => {
      const reply = await first.request(src, body);
      if (reply?.['type'] === 'send_ok') {
        acknowledged++;
        if (acknowledged === 100) await nats.kill(0);
        if (acknowledged === 250) serverBack = nats.restart(0);
      }
      return reply;
    };
    await runKafkaClients(faulty, { clients: 6, operationsPerClient: 200, keys: KEYS, seed: 11 }, history);
    await serverBack;
    assert.ok(acknowledged >= 250, `${acknowledged} sends acknowledged, the server was killed at 100 and restarted at 250`);
    await first.kill();

    const second = await started();
    const request = second.request.bind(second);
    const listed = await second.request('c0', { type: 'list_committed_offsets', msg_id: 1, keys: ['committed-only'] });
    assert.deepEqual(listed?.['offsets'], { 'committed-only': 42 });
    await runKafkaClients(request, { clients: 6, operationsPerClient: 50, keys: KEYS, seed: 12 }, history, 1_000_000);
    const log = await finalLog(request, KEYS);
    assert.equal(await second.close(), 0, second.stderr);
    assert.deepEqual(checkKafkaHistory(history, log), []);
    assert.ok(history.sent.some((send) => send.msg >= 1_000_000), 'sends after the restart were acknowledged');
  });

  it('refuses a second node started with the same node id, and it writes nothing', async () => {
    const holder = await started('n-held');
    const sent = await holder.request('c1', { type: 'send', msg_id: 1, key: 'k', msg: 1 });
    assert.equal(sent?.['type'], 'send_ok');
    const intruder = LiveNode.start({ OFFSETLOG_NATS_URL: nats.urls.join(',') });
    nodes.push(intruder);
    const refused = await intruder.request('c0', { type: 'init', msg_id: 0, node_id: 'n-held', node_ids: ['n-held'] });
    assert.equal(refused?.['type'], 'error', JSON.stringify(refused));
    assert.match(String(refused?.['text']), /live writer/);
    assert.notEqual(await intruder.close(), 0);
    assert.match(intruder.stderr, /refusing to start/);
    const again = await holder.request('c1', { type: 'send', msg_id: 2, key: 'k', msg: 2 });
    assert.deepEqual([again?.['type'], again?.['offset']], ['send_ok', 1]);
    assert.equal(await holder.close(), 0, holder.stderr);
  });

  it('with JetStream stopped entirely, writes fail with 11 or 13 and reads are answered; once it is back, writes succeed', async () => {
    const node = await started('n-outage');
    let msgId = 1;
    const send = (msg: number): Promise<Body | undefined> => node.request('c1', { type: 'send', msg_id: msgId++, key: 'k', msg });
    assert.equal((await send(0))?.['type'], 'send_ok');
    await nats.killAll();
    const during = [await send(1), await send(2), await send(3)];
    for (const reply of during) assert.ok(reply?.['type'] === 'error' && [11, 13].includes(reply['code'] as number), JSON.stringify(reply));
    assert.ok(during.some((reply) => reply?.['code'] === 11), `a write refused with nothing published: ${JSON.stringify(during)}`);
    const polled = await node.request('c1', { type: 'poll', msg_id: msgId++, offsets: { k: 0 } });
    assert.deepEqual(polled?.['msgs'], { k: [[0, 0]] });
    await nats.restartAll();
    // The client reconnects on its own and the streams elect their leaders; until then writes keep failing as above.
    let reply: Body | undefined;
    for (const deadline = Date.now() + 60_000; reply?.['type'] !== 'send_ok' && Date.now() < deadline; ) {
      reply = await send(4);
      if (reply?.['type'] !== 'send_ok') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(reply?.['type'], 'send_ok', JSON.stringify(reply));
    assert.equal(await node.close(), 0, node.stderr);
    const again = await started('n-outage');
    const log = await finalLog(again.request.bind(again), ['k']);
    assert.deepEqual(log.get('k')?.[0], [0, 0]);
    assert.equal(log.get('k')?.at(-1)?.[1], 4);
    assert.equal(await again.close(), 0, again.stderr);
  });
});
