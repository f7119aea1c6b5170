import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { ownersOf } from '../helpers/clusterOwners.js';
import { notOk, recording, unlikeOkOrTimeout, type Outcome } from '../helpers/clusterOutcomes.js';
import { ClusterRouter } from '../helpers/clusterRouter.js';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory, finalLog, runKafkaClients, type Requester } from '../helpers/kafkaWorkload.js';
import type { Body } from '../helpers/liveNode.js';

const NODES = ['n1', 'n2', 'n3'];
const VICTIM = 'n2';
const KEYS = ['0', '1', '2', '3', '4', '5', '__proto__', 'orders'];
const GROUPS = Array.from({ length: 9 }, (_, index) => `group-${index}`);
const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-cluster-durable-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What one client, committing round after round to every group, was told of each group. */
interface Commits {
  readonly acknowledged: Map<string, number>;
  readonly unsure: Map<string, number[]>;
}

/** Commits offset r to every group in round r, one request at a time, each to a random node. */
async function commitRounds(request: Requester, rounds: number, commits: Commits): Promise<void> {
  let msgId = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const group of GROUPS) {
      const reply = await request('committer', { type: 'commit_offset', msg_id: msgId++, group, topic: 't', partition: 0, offset: round });
      if (reply?.['type'] === 'commit_offset_ok') {
        commits.acknowledged.set(group, round);
        commits.unsure.set(group, []);
      } else {
        commits.unsure.set(group, [...(commits.unsure.get(group) ?? []), round]);
      }
    }
  }
}

describe('three durable nodes, one killed with -9 mid-run and restarted at once', () => {
  it('lose no acknowledged send or commit, and a restart with other node_ids is refused', { timeout: 180_000 }, async () => {
    const router = await ClusterRouter.start(NODES, { OFFSETLOG_DATA_DIR: join(scratch, '{node_id}'), OFFSETLOG_FORWARD_TIMEOUT_MS: '2000' });
    try {
      assert.deepEqual(NODES.filter((id) => !existsSync(join(scratch, id))), [], 'each node keeps its log in a directory named after it');
      const random = seededRandom(11);
      const anyNode = () => NODES[Math.floor(random() * NODES.length)] as string;
      const send = router.request.bind(router);
      const history = emptyHistory();
      const commits: Commits = { acknowledged: new Map(), unsure: new Map() };
      const before: Outcome[] = [];
      // Killed once this many sends are acknowledged (a point in the run, whatever the machine's
      // speed) and started again at once, while the clients go on, as Maelstrom's kill nemesis does.
      let acknowledged = 0;
      const victim: { restarted?: Promise<Body | undefined> } = {};
      const recorded = recording(anyNode, send, before);
      const killing: Requester = async (src, body) => {
        const reply = await recorded(src, body);
        if (reply?.['type'] === 'send_ok' && ++acknowledged === 100) victim.restarted = router.kill(VICTIM).then(() => router.restart(VICTIM));
        return reply;
      };
      await Promise.all([runKafkaClients(killing, { clients: 5, operationsPerClient: 120, keys: KEYS, seed: 7 }, history), commitRounds(killing, 30, commits)]);
      assert.equal((await victim.restarted)?.['type'], 'init_ok', `${acknowledged} sends acknowledged; ${router.stderrOf(VICTIM)}`);
      // Requests to the victim while it was down had no answer; forwards to it timed out.
      assert.deepEqual(unlikeOkOrTimeout(before.filter((each) => !(each.node === VICTIM && each.reply === undefined))), []);
      assert.ok(before.some((each) => each.node === VICTIM && each.reply === undefined), 'some requests went to the victim while it was down');

      /** Each group's offset read through `node`: the last acknowledged commit, or one after it whose outcome is unknown. */
      const fetchAll = async (node: string) => {
        const lost: string[] = [];
        for (const [index, group] of GROUPS.entries()) {
          const reply = await router.request(node, 'checker', { type: 'fetch_offset', msg_id: index, group, topic: 't', partition: 0 });
          const last = commits.acknowledged.get(group) ?? 0;
          const allowed = [last, ...(commits.unsure.get(group) ?? [])];
          if (reply?.['type'] !== 'fetch_offset_ok' || !allowed.includes(reply['offset'] as number)) lost.push(`${group} via ${node}: ${JSON.stringify(reply)}, expected one of ${JSON.stringify(allowed)}`);
        }
        return lost;
      };
      for (const node of NODES) assert.deepEqual(await fetchAll(node), []);
      const afterRestart: Outcome[] = [];
      await runKafkaClients(recording(anyNode, send, afterRestart), { clients: 5, operationsPerClient: 60, keys: KEYS, seed: 8 }, history, 1_000_000);
      assert.deepEqual(notOk(afterRestart), []);
      assert.ok(history.sent.some((each) => each.msg >= 1_000_000), 'sends after the restart were acknowledged');
      const log = await finalLog((src, body) => router.request(anyNode(), src, body), KEYS);
      assert.deepEqual(checkKafkaHistory(history, log), []);
      const owners = await ownersOf(router, 'n1', GROUPS, KEYS);
      assert.ok([...owners.groups.values()].includes(VICTIM), `${VICTIM} owns some groups: ${JSON.stringify([...owners.groups])}`);
      assert.ok([...owners.keys.values()].includes(VICTIM), `${VICTIM} owns some keys: ${JSON.stringify([...owners.keys])}`);

      // A restart that would serve a different share is refused, and harms nothing: other nodes, or
      // the same nodes in another order, which deals the partitions out differently.
      assert.equal(await router.closeOne('n3'), 0, router.stderrOf('n3'));
      for (const otherIds of [['n1', 'n3'], ['n3', 'n2', 'n1']]) {
        const refused = await router.restart('n3', otherIds);
        assert.equal(refused?.['type'], 'error', `init with node_ids ${JSON.stringify(otherIds)}: ${JSON.stringify(refused)}`);
        assert.ok(String(refused['text']).length > 0, JSON.stringify(refused));
        assert.notEqual(await router.exited('n3'), 0, `the node refusing node_ids ${JSON.stringify(otherIds)} exits non-zero`);
      }
      assert.equal((await router.restart('n3'))?.['type'], 'init_ok', router.stderrOf('n3'));
      for (const node of NODES) assert.deepEqual(await fetchAll(node), []);

      const codes = await router.close();
      assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
      assert.deepEqual(router.strays, []);
    } finally {
      await router.killAll();
    }
  });
});
