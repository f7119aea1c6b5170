import { MemoryLog } from '../../../src/log/memory/memoryLog.js';
import { foldLog } from '../../../src/state/reducer.js';
import { OffsetNode } from '../../../src/node/offsetNode.js';
import type { TranscriptItem } from '../../../src/replay/report/transcriptSource.js';

export interface SessionScript {
  readonly durable?: boolean;
  readonly retentionMs?: number;
  /** Input lines, each with the time the node's clock reads when it takes it. */
  readonly inputs: readonly (readonly [t: number, line: string])[];
}

/**
 * What a recorder writes for these sessions, with the replies a real node gives: a config
 * entry per session, then each input and its replies. A durable session starts from the log
 * of the one before, as a node restarted on the same data directory does.
 */
export async function recordedItems(sessions: readonly SessionScript[]): Promise<TranscriptItem[]> {
  const items: TranscriptItem[] = [];
  let log = new MemoryLog();
  for (const session of sessions) {
    if (session.durable !== true) log = new MemoryLog();
    let now = session.inputs[0]?.[0] ?? 0;
    const node = new OffsetNode({ log, table: foldLog(log), clock: () => now, retentionMs: session.retentionMs });
    items.push({ dir: 'config', t: now, durable: session.durable === true, retentionMs: session.retentionMs });
    for (const [t, line] of session.inputs) {
      now = t;
      items.push({ dir: 'in', t, line });
      for (const reply of await node.handleLines([line])) items.push({ dir: 'out', t, line: reply });
    }
  }
  return items;
}

/** The items as a transcript file's text, as the recorder writes it. */
export function transcriptText(items: readonly TranscriptItem[]): string {
  return items
    .map((item) => (item.dir === 'config' ? JSON.stringify({ t: item.t, dir: 'config', config: { retentionMs: item.retentionMs, durable: item.durable } }) : JSON.stringify({ t: item.t, dir: item.dir, line: item.line })))
    .join('\n')
    .concat('\n');
}

export function request(src: string, body: Record<string, unknown>): string {
  return JSON.stringify({ src, dest: 'n1', body });
}

export const INIT = request('c0', { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] });

export function commit(src: string, msgId: number, group: string, partition: number, offset: number, metadata?: string): string {
  return request(src, { type: 'commit_offset', msg_id: msgId, group, topic: 't', partition, offset, ...(metadata === undefined ? {} : { metadata }) });
}

export function fetchOffset(src: string, msgId: number, group: string, partition: number): string {
  return request(src, { type: 'fetch_offset', msg_id: msgId, group, topic: 't', partition });
}
