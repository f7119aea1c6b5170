import { MemoryLog } from '../log/memoryLog.js';
import type { OffsetKey } from '../log/offsetRecord.js';
import { OffsetNode } from '../node/offsetNode.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { validateRequest } from '../protocol/validateRequest.js';
import { findOffset, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';
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
 * Runs a transcript's input through a fresh in-memory node, one line at a time, with the
 * recorded timestamps as its clock and the recorded settings, and compares each reply with the recorded one. Replies
 * do not depend on how input is batched (a tested property), so one line at a time gives
 * the replies of the original run and pins each to its step.
 */
export function replaySession(transcript: Transcript, options: ReplayOptions = {}): ReplayResult {
  const inputs = transcript.entries.filter((entry) => entry.dir === 'in');
  const recorded = transcript.entries.filter((entry) => entry.dir === 'out').map((entry) => entry.line);
  let now = 0;
  const node = new OffsetNode({ log: new MemoryLog(), clock: () => now, retentionMs: transcript.config.retentionMs });
  const last = Math.min(inputs.length, options.until ?? inputs.length);
  const events: KeyEvent[] = [];
  let compared = 0;
  let unrecorded = 0;
  let mismatch: Mismatch | undefined;
  for (let index = 0; index < last; index++) {
    const input = inputs[index] as (typeof inputs)[number];
    now = input.t;
    const step = index + 1;
    const before = options.follow === undefined ? undefined : committedAt(node.offsetTable, options.follow);
    const replies = node.handleLines([input.line]) as string[];
    if (options.follow !== undefined) {
      const event = keyEvent(input.line, options.follow, step, before, committedAt(node.offsetTable, options.follow), replies[0]);
      if (event !== undefined) events.push(event);
    }
    for (const reply of replies) {
      if (mismatch !== undefined) break;
      if (compared >= recorded.length) {
        unrecorded++;
        continue;
      }
      const expected = recorded[compared++];
      if (expected !== reply) mismatch = { step, input: input.line, expected, actual: reply };
    }
    options.onProgress?.(step, last);
  }
  if (mismatch === undefined && options.until === undefined && compared < recorded.length) {
    mismatch = { step: last, input: inputs[last - 1]?.line ?? '', expected: recorded[compared], actual: undefined };
  }
  return { steps: last, repliesCompared: compared, mismatch, unrecordedReplies: unrecorded, table: node.offsetTable, events };
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
