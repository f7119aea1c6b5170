import { Ownership } from '../src/cluster/ownership.js';
import { KAFKA_DEFAULT_GROUP } from '../src/requests/keyOffsets.js';
import { ClusterRouter } from '../test/helpers/clusterRouter.js';
import type { Body } from '../test/helpers/liveNode.js';
import { median } from './measure.js';
import { seededRandom } from './workload.js';

/** Clients at once, each with one request outstanding and bound to one node, as Maelstrom's are. */
const CLIENTS = 30;
const KEYS = 1_000;
const KEYS_PER_POLL = 4;
const CLUSTER = ['n1', 'n2', 'n3'];

interface ClusterRun {
  /** Client requests answered per second. */
  readonly rate: number;
  /** Node-to-node requests per client request. */
  readonly forwarded: number;
  /** Client requests that needed a node other than the one they were sent to, of all. */
  readonly shareForwarded: number;
}

/** Whether the node a request is sent to needs another node for some of it (see ownership.ts). */
function needsAnother(ownership: Ownership, node: string, body: Body): boolean {
  if (body['type'] === 'send') return ownership.ofKey(String(body['key'])) !== node;
  if (body['type'] === 'poll') return Object.keys(body['offsets'] as object).some((key) => ownership.ofKey(key) !== node);
  // commit_offsets and list_committed_offsets: the default group's committed offsets.
  return ownership.ofGroup(KAFKA_DEFAULT_GROUP) !== node;
}

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Maelstrom's kafka workload (half sends; polls of 4 keys from the client's own positions, each
 * followed by a commit of what it read; a few lists of committed offsets) from CLIENTS clients,
 * client i talking to node i mod the node count, until `requests` requests are answered. Timed
 * from the first request to the last reply, through the same router whatever the node count.
 */
async function runClients(nodeIds: readonly string[], requests: number, seed: number): Promise<ClusterRun> {
  const router = await ClusterRouter.start(nodeIds, {}, { keepMessages: false });
  let started = 0;
  let needingAnother = 0;
  const ownership = new Ownership(nodeIds[0] as string, nodeIds);
  const client = async (index: number): Promise<void> => {
    const node = nodeIds[index % nodeIds.length] as string;
    const src = `c${index + 1}`;
    const random = seededRandom(seed + index);
    const positions = new Map<string, number>();
    let msgId = 0;
    const ask = async (body: Body): Promise<Body> => {
      started++;
      if (nodeIds.length > 1 && needsAnother(ownership, node, body)) needingAnother++;
      const reply = await router.request(node, src, { ...body, msg_id: msgId++ });
      if (reply?.['type'] !== `${String(body['type'])}_ok`) throw new Error(`${node} should answer ${JSON.stringify(body)} with ${String(body['type'])}_ok, got ${JSON.stringify(reply)}`);
      return reply;
    };
    while (started < requests) {
      const choice = random();
      if (choice < 0.5) {
        await ask({ type: 'send', key: `k${Math.floor(random() * KEYS)}`, msg: msgId });
      } else if (choice < 0.95) {
        const keys = Array.from({ length: KEYS_PER_POLL }, () => `k${Math.floor(random() * KEYS)}`);
        const reply = await ask({ type: 'poll', offsets: Object.fromEntries(keys.map((key) => [key, positions.get(key) ?? 0])) });
        const commits: [string, number][] = [];
        for (const [key, run] of Object.entries(reply['msgs'] as Record<string, [number, unknown][]>)) {
          const last = run[run.length - 1];
          if (last === undefined) continue;
          positions.set(key, last[0] + 1);
          commits.push([key, last[0]]);
        }
        await ask({ type: 'commit_offsets', offsets: Object.fromEntries(commits) });
      } else {
        await ask({ type: 'list_committed_offsets', keys: [`k${Math.floor(random() * KEYS)}`] });
      }
    }
  };
  try {
    const began = process.hrtime.bigint();
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const codes = await router.close();
    if ([...codes.values()].some((code) => code !== 0)) throw new Error(`every node should exit 0, got ${JSON.stringify([...codes])}`);
    if (router.strays.length > 0) throw new Error(`replies nobody waited for: ${router.strays.slice(0, 3).join(' ')}`);
    return { rate: started / seconds, forwarded: router.forwarded / started, shareForwarded: needingAnother / started };
  } finally {
    await router.killAll();
  }
}

/**
 * The kafka workload's clients spread over three nodes against the same clients on one node, in
 * turns within one run: requests/s of each, their ratio, and node-to-node requests per client
 * request (a poll or commit spanning owners counts once for each other owner it needs).
 */
export async function clusterRow(requests: number, runs: number): Promise<string[]> {
  process.stderr.write(`cluster: ${format(requests)} requests from ${CLIENTS} clients over ${format(KEYS)} keys, ${runs} runs each\n`);
  const subjects: [string, readonly string[]][] = [
    ['3 nodes', CLUSTER],
    ['1 node', ['n1']],
  ];
  const results = new Map<string, ClusterRun[]>(subjects.map(([name]) => [name, []]));
  for (let round = 0; round < runs; round++) {
    // Alternate the order, so no subject always runs on a cold or hot machine.
    for (let i = 0; i < subjects.length; i++) {
      const [name, nodeIds] = subjects[(i + round) % subjects.length] as [string, readonly string[]];
      const run = await runClients(nodeIds, requests, 31);
      results.get(name)?.push(run);
      process.stderr.write(`  cluster ${name}: ${format(run.rate)} req/s, ${format(run.shareForwarded * 100)}% of requests forwarded, ${format(run.forwarded, 2)} forwards a request\n`);
    }
  }
  const rate = (name: string) => median((results.get(name) ?? []).map((run) => run.rate));
  const forwarded = median((results.get('3 nodes') ?? []).map((run) => run.forwarded));
  const share = median((results.get('3 nodes') ?? []).map((run) => run.shareForwarded));
  const [three, one] = [rate('3 nodes'), rate('1 node')];
  return [
    `A cluster: Maelstrom's kafka workload, ${format(requests)} requests over ${format(KEYS)} keys from ${CLIENTS} clients with one request outstanding each, client i bound to node i mod the node count, nodes in memory, every line through one router process; median of ${runs} runs; requests/s.`,
    '',
    '| workload | 1 node | 3 nodes | 3 nodes ÷ 1 node | requests forwarded | node-to-node requests per client request |',
    '|---|---|---|---|---|---|',
    `| kafka, ${format(KEYS)} keys | ${format(one)} | ${format(three)} | ${format(three / one, 2)}× | ${format(share * 100)}% | ${format(forwarded, 2)} |`,
  ];
}
