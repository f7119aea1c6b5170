import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { forwardedTo, ownersOf } from '../helpers/clusterOwners.js';
import { notOk, recording, timeoutCodeFor, unlikeOkOrTimeout, type Outcome } from '../helpers/clusterOutcomes.js';
import { ClusterRouter } from '../helpers/clusterRouter.js';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients, type KafkaHistory } from '../helpers/kafkaWorkload.js';
import type { Body } from '../helpers/liveNode.js';

const NODES = ['n1', 'n2', 'n3'];
const CUT = 'n3';
const KEYS = ['0', '1', '2', '3', '4', '5', '__proto__', 'orders'];
const GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
/** Short, so that requests across the cut are answered quickly; long beside a healthy forward's round trip. */
const ENV = { OFFSETLOG_FORWARD_TIMEOUT_MS: '500' };

/** A request sent to one node during the cut, and the read that, after the heal, shows which owners it needs. */
interface Probe {
  readonly node: string;
  readonly request: Body;
  readonly read: Body;
}

/** For every node: each key and each group written and read alone, and requests that span every owner. */
function probes(): Probe[] {
  let msg = 900_000;
  const all: Probe[] = [];
  for (const node of NODES) {
    for (const key of KEYS) {
      const read = { type: 'poll', offsets: { [key]: 0 } };
      all.push({ node, request: { type: 'send', key, msg: msg++ }, read }, { node, request: read, read });
    }
    for (const group of GROUPS) {
      const read = { type: 'fetch_offset', group, topic: 't', partition: 0 };
      all.push({ node, request: { type: 'commit_offset', group, topic: 't', partition: 0, offset: 7 }, read }, { node, request: read, read });
    }
    const everyKey = { type: 'poll', offsets: Object.fromEntries(KEYS.map((key) => [key, 0])) };
    const committed = { type: 'list_committed_offsets', keys: KEYS };
    all.push(
      { node, request: everyKey, read: everyKey },
      { node, request: committed, read: committed },
      { node, request: { type: 'commit_offsets', offsets: Object.fromEntries(KEYS.map((key) => [key, 0])) }, read: committed },
      { node, request: { type: 'list_groups' }, read: { type: 'list_groups' } },
    );
  }
  return all;
}

/** Notes a probe's send or poll in the history, so that the checker holds it to the final log too. */
function noteProbe(history: KafkaHistory, { request }: Probe, reply: Body | undefined): void {
  if (request['type'] === 'send') {
    const { key, msg } = request as { key: string; msg: number };
    if (reply?.['type'] === 'send_ok') history.sent.push({ key, msg, offset: reply['offset'] as number });
    else history.unsure.push({ key, msg });
  } else if (request['type'] === 'poll' && reply?.['type'] === 'poll_ok') {
    history.polls.push({ offsets: request['offsets'] as Record<string, number>, msgs: reply['msgs'] as Record<string, [number, number][]> });
  }
}

describe('three nodes while every line between n3 and the others is cut off', () => {
  // Dropped lines never arrive; held ones arrive when the link heals, every answer then too late.
  for (const mode of ['drop', 'hold'] as const) {
    it(`answer each request right or with the timeout code its kind owes, and all succeed again once the link heals (${mode})`, { timeout: 180_000 }, async () => {
      const router = await ClusterRouter.start(NODES, ENV);
      try {
        const random = seededRandom(5);
        const anyNode = () => NODES[Math.floor(random() * NODES.length)] as string;
        const send = router.request.bind(router);
        const history = emptyHistory();
        const before: Outcome[] = [];
        await runKafkaClients(recording(anyNode, send, before), { clients: 4, operationsPerClient: 40, keys: KEYS, seed: 1 }, history);
        assert.deepEqual(notOk(before), []);

        router.isolate(CUT, mode);
        const during: Outcome[] = [];
        await runKafkaClients(recording(anyNode, send, during), { clients: 4, operationsPerClient: 15, keys: KEYS, seed: 2 }, history, 100_000);
        const asked = probes();
        const answers = await Promise.all(asked.map(({ node, request }, index) => router.request(node, `p${index}`, { ...request, msg_id: 1 })));
        asked.forEach((probe, index) => noteProbe(history, probe, answers[index]));
        router.heal();
        assert.deepEqual(unlikeOkOrTimeout(during), []);
        assert.ok(router.cutOff > 0, 'the cut took lines');

        // Healed: every request succeeds again, including each probe's read from every node.
        const after: Outcome[] = [];
        await runKafkaClients(recording(anyNode, send, after), { clients: 4, operationsPerClient: 40, keys: KEYS, seed: 3 }, history, 200_000);
        assert.deepEqual(notOk(after), []);
        const needs: Set<string>[] = [];
        for (const [index, { node, read }] of asked.entries()) needs.push(await forwardedTo(router, node, { ...read, msg_id: 10_000 + index }));

        // During the cut a probe succeeded exactly when every owner it needs sat on its side, and an
        // error named an owner across the cut.
        const side = (node: string) => node === CUT;
        const wrong: string[] = [];
        let [served, refused] = [0, 0];
        asked.forEach(({ node, request }, index) => {
          const across = [...(needs[index] as Set<string>)].filter((owner) => side(owner) !== side(node));
          const reply = answers[index];
          const type = String(request['type']);
          const told = `${node} answered ${JSON.stringify(request)} with ${JSON.stringify(reply)}; owners across the cut: ${JSON.stringify(across)}`;
          if (across.length === 0) {
            served++;
            if (reply?.['type'] !== `${type}_ok`) wrong.push(told);
          } else {
            refused++;
            const text = String(reply?.['text']);
            if (reply?.['type'] !== 'error' || reply['code'] !== timeoutCodeFor(type) || !across.some((owner) => text.includes(owner))) wrong.push(told);
          }
        });
        assert.deepEqual(wrong, []);
        assert.ok(served > 0 && refused > 0, `${served} probes served, ${refused} refused`);
        const owners = await ownersOf(router, 'n1', GROUPS, KEYS);
        assert.deepEqual(new Set(owners.keys.values()), new Set(NODES), `owners of the keys: ${JSON.stringify([...owners.keys])}`);

        const log = await finalLog((src, body) => router.request(anyNode(), src, body), KEYS);
        assert.deepEqual(checkKafkaHistory(history, log), []);
        const codes = await router.close();
        assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
        assert.deepEqual(router.strays, []);
      } finally {
        await router.killAll();
      }
    });
  }
});
