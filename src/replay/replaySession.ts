import { MemoryLog } from '../log/memory/memoryLog.js';
import type { OffsetKey } from '../log/format/offsetRecord.js';
import { OffsetNode } from '../node/offsetNode.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { validateRequest } from '../protocol/validateRequest.js';
import { findOffset, initialTable, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';
import type { Transcript } from './transcript.js';

export interface ReplayOptions {
  /** Stop after this input step (1-based). */
  readonly until?: number | undefined;
  /** Report every commit and fetch of this key. */
  readonly follow?: OffsetKey | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface Mismatch {
  /** The input step (1-based) whose reply differs. */
  readonly step: number;
  readonly input: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;
}

export type KeyEvent =
  /** A request that changed the key's committed offset (a commit, also of the same value, or a delete). */
  | { readonly kind: 'write'; readonly request: string; readonly step: number; readonly client: string; readonly msgId: number | undefined; readonly from: number | undefined; readonly to: number | undefined }
  /** A fetch_offset of the key, and what it answered. */
  | { readonly kind: 'fetch'; readonly step: number; readonly client: string; readonly msgId: number | undefined; readonly offset: number };

export interface ReplayResult {
  readonly steps: number;
  readonly repliesCompared: number;
  readonly mismatch: Mismatch | undefined;
  /** Replies the replay gave after the recording's last one (a recorder killed before it wrote them). */
  readonly unrecordedReplies: number;
  readonly table: OffsetTable;
  readonly events: KeyEvent[];
}

/**
 * Runs a transcript's input through fresh in-memory nodes, one line at a time, with the
 * recorded timestamps as their clock and the recorded settings, and compares each reply with
 * the recorded one. Replies do not depend on how input is batched (a tested property), so one
 * line at a time gives the replies of the original run and pins each to its step. Each session
 * is a restart: a new node, which recovers the earlier sessions' log when the run was durable.
 */
export function replaySession(transcript: Transcript, options: ReplayOptions = {}): ReplayResult {
  const total = transcript.sessions.reduce((count, session) => count + session.entries.filter((entry) => entry.dir === 'in').length, 0);
  const last = Math.min(total, options.until ?? total);
  const events: KeyEvent[] = [];
  let log = new MemoryLog();
  let node: OffsetNode | undefined;
  let step = 0;
  let compared = 0;
  let unrecorded = 0;
  let mismatch: Mismatch | undefined;
  for (const session of transcript.sessions) {
    if (step >= last || mismatch !== undefined) break;
    let now = 0;
    if (session.config.durable !== true) log = new MemoryLog();
    node = new OffsetNode({ log, clock: () => now, retentionMs: session.config.retentionMs });
    node.recover();
    const inputs = session.entries.filter((entry) => entry.dir === 'in');
    const recorded = session.entries.filter((entry) => entry.dir === 'out').map((entry) => entry.line);
    let sessionCompared = 0;
    for (const input of inputs) {
      if (step >= last) break;
      step++;
      now = input.t;
      const before = options.follow === undefined ? undefined : committedAt(node.offsetTable, options.follow);
      const replies = node.handleLines([input.line]) as string[];
      if (options.follow !== undefined) {
        const event = keyEvent(input.line, options.follow, step, before, committedAt(node.offsetTable, options.follow), replies[0]);
        if (event !== undefined) events.push(event);
      }
      for (const reply of replies) {
        if (mismatch !== undefined) break;
        if (sessionCompared >= recorded.length) {
          unrecorded++; // the session was killed before it wrote this reply
          continue;
        }
        const expected = recorded[sessionCompared++];
        if (expected !== reply) mismatch = { step, input: input.line, expected, actual: reply };
      }
      options.onProgress?.(step, last);
      if (mismatch !== undefined) break;
    }
    compared += sessionCompared;
    if (mismatch === undefined && options.until === undefined && sessionCompared < recorded.length) {
      mismatch = { step, input: inputs.at(-1)?.line ?? '', expected: recorded[sessionCompared], actual: undefined };
    }
  }
  return { steps: step, repliesCompared: compared, mismatch, unrecordedReplies: unrecorded, table: node?.offsetTable ?? initialTable(), events };
}

/**
 * What a step did to the followed key: a write when the committed offset object changed (every
 * commit makes a new one, so re-committing the same offset shows too), a fetch when it was a
 * fetch_offset of that key.
 */
function keyEvent(line: string, key: OffsetKey, step: number, before: CommittedOffset | undefined, after: CommittedOffset | undefined, reply: string | undefined): KeyEvent | undefined {
  const decoded = decodeMessage(line);
  if (!decoded.ok) return undefined;
  const { src: client, body } = decoded.message;
  const msgId = Number.isSafeInteger(body.msg_id) ? body.msg_id : undefined;
  if (before !== after) return { kind: 'write', request: body.type, step, client, msgId, from: before?.offset, to: after?.offset };
  const validated = validateRequest(body);
  if (!validated.ok || validated.request.type !== 'fetch_offset') return undefined;
  const { group, topic, partition } = validated.request;
  if (group !== key.group || topic !== key.topic || partition !== key.partition) return undefined;
  const answer = reply === undefined ? {} : (JSON.parse(reply) as { body: Record<string, unknown> }).body;
  return { kind: 'fetch', step, client, msgId, offset: Number(answer['offset']) };
}

function committedAt(table: OffsetTable, key: OffsetKey): CommittedOffset | undefined {
  return findOffset(table, key.group, key.topic, key.partition);
}
