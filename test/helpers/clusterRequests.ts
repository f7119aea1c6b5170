import { seededRandom } from '../../bench/workload.js';
import type { Body } from './liveNode.js';

/** Enough names that, hashed onto three nodes, each node owns several; and names that look alike. */
export const MIXED_GROUPS = [...Array.from({ length: 14 }, (_, index) => `g${index}`), '__proto__', 'a:b', 'grüße'];
export const MIXED_KEYS = [...Array.from({ length: 10 }, (_, index) => `k${index}`), 'constructor', '😀'];
const TOPICS = ['t', 'u', 'orders'];

/**
 * A seeded sequence of request bodies (without msg_id) of every type a node answers, over groups
 * and keys owned by different nodes: commits and fetches, multi-topic offset_commit/offset_fetch,
 * list_groups, offset_delete (of groups that may not exist), delete_groups of several groups,
 * send/poll over several keys, commit_offsets/list_committed_offsets with and without a group, and
 * now and then a request a node refuses. With `longMessages`, every message sent is long enough
 * that a poll of a few keys fills a reply's byte budget and is cut short.
 */
export function mixedRequests(seed: number, count: number, { longMessages = false }: { longMessages?: boolean } = {}): Body[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const some = <T>(items: readonly T[], most: number): T[] => Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(items));
  const partition = () => Math.floor(random() * 3);
  const offset = () => Math.floor(random() * 50);
  const group = () => pick(MIXED_GROUPS);
  const keyOffsets = () => Object.fromEntries(some(MIXED_KEYS, 3).map((key) => [key, Math.floor(random() * 4)]));
  const optionalGroup = (): Body => (random() < 0.3 ? { group: group() } : {});
  let msg = 0;
  const makers: [number, () => Body][] = [
    [10, () => ({ type: 'commit_offset', group: group(), topic: pick(TOPICS), partition: partition(), offset: offset() })],
    [10, () => ({ type: 'fetch_offset', group: group(), topic: pick(TOPICS), partition: partition() })],
    [
      6,
      () => ({
        type: 'offset_commit',
        group: group(),
        offsets: some(TOPICS, 3).map((topic) => ({ topic, partition: partition(), offset: offset(), ...(random() < 0.3 ? { metadata: `m${msg++}` } : {}) })),
      }),
    ],
    [6, () => ({ type: 'offset_fetch', group: group(), ...(random() < 0.4 ? {} : { topics: some(TOPICS, 2).map((topic) => (random() < 0.5 ? { topic } : { topic, partitions: [partition(), partition()] })) }) })],
    [3, () => ({ type: 'list_groups' })],
    [3, () => ({ type: 'offset_delete', group: group(), partitions: some(TOPICS, 2).map((topic) => ({ topic, partition: partition() })) })],
    [2, () => ({ type: 'delete_groups', groups: some(MIXED_GROUPS, 4) })],
    [14, () => ({ type: 'send', key: pick(MIXED_KEYS), msg: longMessages ? `${msg++}`.padEnd(100_000 + Math.floor(random() * 200_000), '.') : random() < 0.5 ? msg++ : { n: msg++, s: `v${msg}` } })],
    [10, () => ({ type: 'poll', offsets: keyOffsets() })],
    [5, () => ({ type: 'commit_offsets', offsets: keyOffsets(), ...optionalGroup() })],
    [5, () => ({ type: 'list_committed_offsets', keys: some(MIXED_KEYS, 4), ...optionalGroup() })],
    [1, () => pick<Body>([
      { type: 'fetch_offset', group: group(), topic: 't', partition: -1 },
      { type: 'delete_groups', groups: [] },
      { type: 'send', key: '', msg: 1 },
      { type: 'poll', offsets: { [pick(MIXED_KEYS)]: 'zero' } },
      { type: 'offset_commit', group: group(), offsets: [{ topic: 't', partition: 0, offset: 1 }, { topic: 't', partition: 1, offset: 2 ** 53 }] },
    ])],
  ];
  const total = makers.reduce((sum, [weight]) => sum + weight, 0);
  const requests: Body[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random() * total;
    const found = makers.find(([weight]) => (roll -= weight) < 0) ?? (makers[0] as [number, () => Body]);
    requests.push(found[1]());
  }
  return requests;
}
