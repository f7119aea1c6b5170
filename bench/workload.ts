/**
 * A seeded workload: the same seed always gives the same requests, so figures from two
 * runs (or two machines) describe the same work.
 */
export interface WorkloadOptions {
  readonly requests: number;
  /** Distinct (group, topic, partition) keys the requests are spread over. */
  readonly keys: number;
  /** Share of requests that are commits; the rest are fetches. */
  readonly commitShare: number;
  readonly seed: number;
}

/** mulberry32: tiny, fast, and good enough to spread keys evenly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTITIONS_PER_TOPIC = 5;
const TOPICS = ['orders', 'payments'];
const KEYS_PER_GROUP = PARTITIONS_PER_TOPIC * TOPICS.length;

/** Key k belongs to group k/10, in one of two topics of five partitions each: groups and partitions both grow with k. */
export function keyFor(index: number): { group: string; topic: string; partition: number } {
  const within = index % KEYS_PER_GROUP;
  return {
    group: `group-${Math.floor(index / KEYS_PER_GROUP)}`,
    topic: TOPICS[Math.floor(within / PARTITIONS_PER_TOPIC)] as string,
    partition: within % PARTITIONS_PER_TOPIC,
  };
}

/** The input lines of one session: an init, then the requests, from several clients. */
export function* workloadLines(options: WorkloadOptions): Generator<string> {
  const random = seededRandom(options.seed);
  yield JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] } });
  for (let i = 0; i < options.requests; i++) {
    const { group, topic, partition } = keyFor(Math.floor(random() * options.keys));
    const src = `c${1 + (i % 8)}`;
    const msgId = i + 2;
    const body =
      random() < options.commitShare
        ? { type: 'commit_offset', msg_id: msgId, group, topic, partition, offset: i }
        : { type: 'fetch_offset', msg_id: msgId, group, topic, partition };
    yield JSON.stringify({ src, dest: 'n1', body });
  }
}
