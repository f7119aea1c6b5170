import { seededRandom } from '../../bench/workload.js';
import type { Body } from './liveNode.js';

/** Sends a request as client `src` and resolves to its reply, or undefined when the outcome is unknown. */
export type Requester = (src: string, body: Body & { msg_id: number }) => Promise<Body | undefined>;

/** What the clients did and saw: all a checker needs. */
export interface KafkaHistory {
  /** Acknowledged sends. */
  readonly sent: { key: string; msg: number; offset: number }[];
  /** Sends whose outcome is unknown (no reply, or an error that is not definite). */
  readonly unsure: { key: string; msg: number }[];
  /** Polls answered: what was asked and the reply's msgs. */
  readonly polls: { offsets: Record<string, number>; msgs: Record<string, [number, number][]> }[];
  /** Every offset any client asked to commit, per key (acknowledged or not). */
  readonly committed: Map<string, Set<number>>;
  /** list_committed_offsets replies. */
  readonly listed: Record<string, number>[];
  /** Replies that were errors, by code. */
  readonly errors: Map<number, number>;
}

export interface WorkloadOptions {
  readonly clients: number;
  readonly operationsPerClient: number;
  readonly keys: readonly string[];
  readonly seed: number;
}

export function emptyHistory(): KafkaHistory {
  return { sent: [], unsure: [], polls: [], committed: new Map(), listed: [], errors: new Map() };
}


/**
 * Maelstrom's kafka workload, as its client behaves: several clients at once, each with one
 * request outstanding, sending unique integers to a few keys, polling from its own position per
 * key, committing what it polled after every poll, and now and then listing committed offsets.
 * `msgBase` keeps messages of later runs on the same log unique.
 */
export async function runKafkaClients(request: Requester, options: WorkloadOptions, history: KafkaHistory, msgBase = 0): Promise<void> {
  const next = seededRandom(options.seed);
  let nextMsg = msgBase;
  const client = async (index: number): Promise<void> => {
    const src = `c${index + 1}`;
    const positions = new Map<string, number>();
    let msgId = 0;
    for (let op = 0; op < options.operationsPerClient; op++) {
      const key = options.keys[Math.floor(next() * options.keys.length)] as string;
      const choice = next();
      if (choice < 0.5) {
        const msg = nextMsg++;
        const reply = await request(src, { type: 'send', msg_id: msgId++, key, msg });
        if (reply?.['type'] === 'send_ok') history.sent.push({ key, msg, offset: reply['offset'] as number });
        else if (reply === undefined || !isDefinite(reply)) history.unsure.push({ key, msg });
        if (reply !== undefined && reply['type'] === 'error') count(history.errors, reply['code'] as number);
      } else if (choice < 0.9) {
        const offsets = Object.fromEntries(options.keys.map((each) => [each, positions.get(each) ?? 0]));
        const reply = await request(src, { type: 'poll', msg_id: msgId++, offsets });
        if (reply?.['type'] !== 'poll_ok') continue;
        const msgs = reply['msgs'] as Record<string, [number, number][]>;
        history.polls.push({ offsets, msgs });
        const commits: [string, number][] = [];
        for (const [polledKey, run] of Object.entries(msgs)) {
          const last = run[run.length - 1];
          if (last === undefined) continue;
          positions.set(polledKey, last[0] + 1);
          commits.push([polledKey, last[0]]);
          let values = history.committed.get(polledKey);
          if (values === undefined) history.committed.set(polledKey, (values = new Set()));
          values.add(last[0]);
        }
        if (commits.length > 0) await request(src, { type: 'commit_offsets', msg_id: msgId++, offsets: Object.fromEntries(commits) });
      } else {
        const reply = await request(src, { type: 'list_committed_offsets', msg_id: msgId++, keys: [...options.keys] });
        if (reply?.['type'] === 'list_committed_offsets_ok') history.listed.push(reply['offsets'] as Record<string, number>);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
}

/** Maelstrom's definite errors: the request surely had no effect. */
function isDefinite(reply: Body): boolean {
  return reply['type'] === 'error' && [1, 10, 11, 12, 14, 20, 21, 22].includes(reply['code'] as number);
}

function count(counts: Map<number, number>, code: number): void {
  counts.set(code, (counts.get(code) ?? 0) + 1);
}

/** The whole log of each key, read by polling from 0 until a poll returns nothing new. */
export async function finalLog(request: Requester, keys: readonly string[], src = 'c0'): Promise<Map<string, [number, number][]>> {
  const log = new Map<string, [number, number][]>(keys.map((key) => [key, []]));
  for (let msgId = 1_000_000; ; msgId++) {
    const offsets = Object.fromEntries(keys.map((key) => [key, (log.get(key) as unknown[]).length]));
    const reply = await request(src, { type: 'poll', msg_id: msgId, offsets });
    if (reply?.['type'] !== 'poll_ok') throw new Error(`the final poll got ${JSON.stringify(reply)}`);
    const msgs = reply['msgs'] as Record<string, [number, number][]>;
    if (Object.keys(msgs).length === 0) return log;
    for (const [key, run] of Object.entries(msgs)) (log.get(key) as [number, number][]).push(...run);
  }
}
