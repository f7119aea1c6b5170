import { seededRandom } from './workload.js';

export interface KafkaWorkloadOptions {
  /** Requests after init, commits included. */
  readonly requests: number;
  readonly keys: number;
  readonly seed: number;
}

const CLIENTS = 8;
const KEYS_PER_POLL = 4;
/** What a poll returns at most per key (see src/requests/poll.ts), so the generator knows where a client stands. */
const POLL_MAX_MESSAGES_PER_KEY = 100;

/**
 * Maelstrom's kafka workload as a file of input lines: half sends, and polls each followed by a
 * commit of what it read (as Maelstrom's client does), now and then a list of committed offsets.
 * Each client polls from its own position per key; the generator knows what the node has
 * accepted before each poll (every earlier line), so it moves positions as the replies would.
 */
export function* kafkaWorkloadLines(options: KafkaWorkloadOptions): Generator<string> {
  const random = seededRandom(options.seed);
  const ends = new Array<number>(options.keys).fill(0);
  const positions = Array.from({ length: CLIENTS }, () => new Map<number, number>());
  yield JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] } });
  let msgId = 2;
  for (let made = 0; made < options.requests; ) {
    const client = Math.floor(random() * CLIENTS);
    const src = `c${client + 1}`;
    const choice = random();
    if (choice < 0.5) {
      const key = Math.floor(random() * options.keys);
      ends[key] = (ends[key] as number) + 1;
      yield JSON.stringify({ src, dest: 'n1', body: { type: 'send', msg_id: msgId++, key: `k${key}`, msg: msgId } });
      made++;
    } else if (choice < 0.95 && made + 1 < options.requests) {
      const own = positions[client] as Map<number, number>;
      const keys = Array.from({ length: KEYS_PER_POLL }, () => Math.floor(random() * options.keys));
      const offsets = Object.fromEntries(keys.map((key) => [`k${key}`, own.get(key) ?? 0]));
      yield JSON.stringify({ src, dest: 'n1', body: { type: 'poll', msg_id: msgId++, offsets } });
      const committed: [string, number][] = [];
      for (const key of keys) {
        const from = own.get(key) ?? 0;
        const to = Math.min(ends[key] as number, from + POLL_MAX_MESSAGES_PER_KEY);
        if (to > from) committed.push([`k${key}`, to - 1]);
        own.set(key, to);
      }
      yield JSON.stringify({ src, dest: 'n1', body: { type: 'commit_offsets', msg_id: msgId++, offsets: Object.fromEntries(committed) } });
      made += 2;
    } else {
      yield JSON.stringify({ src, dest: 'n1', body: { type: 'list_committed_offsets', msg_id: msgId++, keys: [`k${Math.floor(random() * options.keys)}`] } });
      made++;
    }
  }
}
