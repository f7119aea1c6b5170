import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { ownersOf } from '../helpers/clusterOwners.js';
import { MIXED_GROUPS, MIXED_KEYS, mixedRequests } from '../helpers/clusterRequests.js';
import { ClusterRouter } from '../helpers/clusterRouter.js';
import type { Body } from '../helpers/liveNode.js';
import { requestLine } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

const NODES = ['n1', 'n2', 'n3'];
const COUNT = 400;

/** A reply body without its msg_id, which counts the messages of whichever node sent it. */
function withoutMsgId(body: Body | undefined): Body | undefined {
  if (body === undefined) return undefined;
  const { msg_id: _, ...rest } = body;
  return rest;
}

/** The replies of one node, node_ids [n1], to the same requests from the same client. */
async function singleNodeReplies(requests: readonly Body[]): Promise<(Body | undefined)[]> {
  const lines = [requestLine('init', 0, { node_id: 'n1', node_ids: ['n1'] }, { src: 'c0' }), ...requests.map((body, index) => requestLine(String(body['type']), index + 1, body))];
  const run = await runNodeProcess(`${lines.join('\n')}\n`);
  assert.equal(run.exitCode, 0, run.stderr);
  const byRequest = new Map<unknown, Body>();
  for (const line of linesOf(run.stdout)) {
    const { dest, body } = JSON.parse(line) as { dest: string; body: Body };
    if (dest === 'c1') byRequest.set(body['in_reply_to'], body);
  }
  return requests.map((_, index) => withoutMsgId(byRequest.get(index + 1)));
}

/**
 * Polls among `requests` whose reply holds fewer messages than the keys had from the offsets asked
 * (up to a run's cap): cut short by the reply's byte budget. Counts each key's log from the sends acknowledged.
 */
function pollsCutShort(requests: readonly Body[], replies: readonly (Body | undefined)[]): number {
  const ends = new Map<string, number>();
  let cut = 0;
  requests.forEach((request, index) => {
    const reply = replies[index];
    if (reply?.['type'] === 'send_ok') ends.set(String(request['key']), (reply['offset'] as number) + 1);
    if (reply?.['type'] !== 'poll_ok') return;
    const msgs = reply['msgs'] as Record<string, unknown[]>;
    const offsets = Object.entries(request['offsets'] as Record<string, number>);
    if (offsets.some(([key, from]) => (msgs[key]?.length ?? 0) < Math.min(100, Math.max(0, (ends.get(key) ?? 0) - from)))) cut++;
  });
  return cut;
}

describe('three nodes, each request sent to a random one', () => {
  for (const [seed, longMessages] of [[1, false], [2, false], [3, true]] as const) {
    it(`answer exactly as one node does (seed ${seed}${longMessages ? ', polls cut short by their byte budget' : ''})`, async () => {
      const requests = mixedRequests(seed, COUNT, { longMessages });
      const expected = await singleNodeReplies(requests);
      if (longMessages) assert.ok(pollsCutShort(requests, expected) > 3, `${pollsCutShort(requests, expected)} polls cut short`);
      const router = await ClusterRouter.start(NODES);
      try {
        const random = seededRandom(seed + 1000);
        for (const [index, body] of requests.entries()) {
          const node = NODES[Math.floor(random() * NODES.length)] as string;
          const reply = await router.request(node, 'c1', { ...body, msg_id: index + 1 });
          assert.deepEqual(withoutMsgId(reply), expected[index], `request ${index + 1} to ${node}: ${JSON.stringify(body)}`);
        }
        // The sequence really crossed owners: every node owns some groups and some keys, and answered for others.
        const owners = await ownersOf(router, 'n1', MIXED_GROUPS, MIXED_KEYS);
        assert.deepEqual(new Set(owners.groups.values()), new Set(NODES), `owners of the groups: ${JSON.stringify([...owners.groups])}`);
        assert.deepEqual(new Set(owners.keys.values()), new Set(NODES), `owners of the keys: ${JSON.stringify([...owners.keys])}`);
        assert.ok(router.forwards().length > COUNT / 3, `${router.forwards().length} requests forwarded`);
        const codes = await router.close();
        assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
        assert.deepEqual(router.strays, []);
      } finally {
        await router.killAll();
      }
    });
  }
});
