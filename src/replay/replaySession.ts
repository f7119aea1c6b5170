import { MemoryLog } from '../log/memoryLog.js';
import type { OffsetKey } from '../log/offsetRecord.js';
import { OffsetNode } from '../node/offsetNode.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { validateRequest } from '../protocol/validateRequest.js';
import { findOffset, type OffsetTable } from '../state/offsetTable.js';
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
  | { readonly kind: 'commit'; readonly step: number; readonly client: string; readonly msgId: number; readonly from: number; readonly to: number; readonly accepted: boolean }
  | { readonly kind: 'fetch'; readonly step: number; readonly client: string; readonly msgId: number; readonly offset: number };

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
 * recorded timestamps as its clock, and compares each reply with the recorded one. Replies
 * do not depend on how input is batched (a tested property), so one line at a time gives
 * the replies of the original run and pins each to its step.
 */
export function replaySession(transcript: Transcript, options: ReplayOptions = {}): ReplayResult {
  const inputs = transcript.entries.filter((entry) => entry.dir === 'in');
  const recorded = transcript.entries.filter((entry) => entry.dir === 'out').map((entry) => entry.line);
  let now = 0;
  const node = new OffsetNode({ log: new MemoryLog(), clock: () => now });
  const last = Math.min(inputs.length, options.until ?? inputs.length);
  const events: KeyEvent[] = [];
  let compared = 0;
  let unrecorded = 0;
  let mismatch: Mismatch | undefined;
  for (let index = 0; index < last; index++) {
    const input = inputs[index] as (typeof inputs)[number];
    now = input.t;
    const step = index + 1;
    const followed = options.follow === undefined ? undefined : followedRequest(input.line, options.follow);
    const before = followed === undefined ? 0 : currentOffset(node.offsetTable, options.follow as OffsetKey);
    const replies = node.handleLines([input.line]) as string[];
    if (followed !== undefined) events.push(keyEvent(followed, step, before, currentOffset(node.offsetTable, options.follow as OffsetKey), replies[0]));
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

interface FollowedRequest {
  readonly kind: 'commit' | 'fetch';
  readonly client: string;
  readonly msgId: number;
}

function followedRequest(line: string, key: OffsetKey): FollowedRequest | undefined {
  const decoded = decodeMessage(line);
  if (!decoded.ok) return undefined;
  const validated = validateRequest(decoded.message.body);
  if (!validated.ok) return undefined;
  const { request } = validated;
  if (request.type === 'init') return undefined;
  if (request.group !== key.group || request.topic !== key.topic || request.partition !== key.partition) return undefined;
  return { kind: request.type === 'commit_offset' ? 'commit' : 'fetch', client: decoded.message.src, msgId: request.msgId };
}

function keyEvent(request: FollowedRequest, step: number, before: number, after: number, reply: string | undefined): KeyEvent {
  const body = reply === undefined ? {} : (JSON.parse(reply) as { body: Record<string, unknown> }).body;
  if (request.kind === 'fetch') return { kind: 'fetch', step, client: request.client, msgId: request.msgId, offset: Number(body['offset']) };
  return { kind: 'commit', step, client: request.client, msgId: request.msgId, from: before, to: after, accepted: body['type'] === 'commit_offset_ok' };
}

function currentOffset(table: OffsetTable, key: OffsetKey): number {
  return findOffset(table, key.group, key.topic, key.partition)?.offset ?? 0;
}
