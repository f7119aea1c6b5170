import { MemoryDataLog } from '../log/data/memoryDataLog.js';
import { MemoryLog } from '../log/memory/memoryLog.js';
import type { OffsetKey } from '../log/format/offsetRecord.js';
import { initInLine } from '../node/initLine.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { fetchOffset, type FetchOffset } from '../requests/fetchOffset.js';
import { parseRequest } from '../requests/registry.js';
import { foldLog } from '../state/reducer.js';
import { findOffset, initialTable, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';
import { ClusterReplyComparison } from './clusterReplyComparison.js';
import { ReplayedNode } from './replayedNode.js';
import { ReplyComparison, type Mismatch } from './replyComparison.js';
import type { Transcript } from './transcript.js';

export interface ReplayOptions {
  /** Stop after this input step (1-based): later input is not read. */
  readonly until?: number | undefined;
  /** Report every commit and fetch of this key. */
  readonly follow?: OffsetKey | undefined;
  /** Compare the replies with the recorded ones (the default); without, the replay only runs. */
  readonly compare?: boolean | undefined;
}

export type KeyEvent =
  /** A request that changed the key's committed offset (a commit, also of the same value, or a delete). */
  | { readonly kind: 'write'; readonly request: string; readonly step: number; readonly client: string; readonly msgId: number | undefined; readonly from: number | undefined; readonly to: number | undefined }
  /** A fetch_offset of the key, and what it answered. */
  | { readonly kind: 'fetch'; readonly step: number; readonly client: string; readonly msgId: number | undefined; readonly offset: number };

export interface ReplayResult {
  /** Input steps replayed. */
  readonly steps: number;
  /** Set when the replay stopped at `until` (the table is then the table after that step). */
  readonly stoppedAt: number | undefined;
  /** Replies compared equal with the recorded ones. */
  readonly repliesCompared: number;
  /** Recorded replies read from the transcript (none read when not comparing). */
  readonly recordedReplies: number;
  /** The first difference: a reply that differs, or one missing from or extra to the recording. */
  readonly mismatch: Mismatch | undefined;
  /**
   * Replies the replay gave after the recording's last one, in a transcript that ends in the
   * middle of a line: its recorder was killed before it wrote them, so they are not a difference.
   */
  readonly unrecordedReplies: number;
  readonly table: OffsetTable;
  readonly events: KeyEvent[];
}

/**
 * Runs a transcript's input through fresh in-memory nodes, one line at a time, with the
 * recorded timestamps as their clock and the recorded settings, and compares each reply with
 * the recorded one, reading the transcript as it goes. Replies do not depend on how input is
 * batched (a tested property), so one line at a time gives the replies of the original run and
 * pins each to its step. Each session is a restart: a new node, which recovers the earlier
 * sessions' log when the run was durable. A reply the recording holds and the replay does not
 * give, or the other way round, is a difference, with one exception: the replies after the end
 * of a transcript cut in the middle of a line, which a killed recorder never wrote.
 */
export async function replaySession(transcript: Transcript, options: ReplayOptions = {}): Promise<ReplayResult> {
  const compare = options.compare !== false;
  const events: KeyEvent[] = [];
  let log = new MemoryLog();
  let dataLog = new MemoryDataLog();
  let node: ReplayedNode | undefined;
  let step = 0;
  let stoppedAt: number | undefined;
  let compared = 0;
  let recordedReplies = 0;
  let mismatch: Mismatch | undefined;
  // Replies the last session gave beyond its recording: a difference, unless the transcript was cut there.
  let trailing: { readonly first: Mismatch; readonly count: number } | undefined;
  // The first such reply while the transcript has shown no recorded reply at all: a difference only if one follows.
  let unanswered: Mismatch | undefined;
  for (const session of transcript.sessions) {
    if (trailing !== undefined) {
      mismatch = trailing.first;
      break;
    }
    if (session.config.durable !== true) {
      log = new MemoryLog();
      dataLog = new MemoryDataLog();
    }
    const sessionNode = new ReplayedNode(log, dataLog, session.config);
    node = sessionNode;
    // The one call into the node.
    const answer = (line: string): Promise<string[]> => sessionNode.answer(line);
    let replies: ReplyComparison | ClusterReplyComparison = new ReplyComparison();
    let completed = true;
    for (const entry of session.entries) {
      if (entry.dir === 'in') {
        if (stoppedAt !== undefined) continue; // past `until`: only the replies to earlier steps are still read
        step++;
        sessionNode.now = entry.t;
        if (replies instanceof ReplyComparison) {
          // From its init on, a cluster node's lines are paired by what they answer; those before it too.
          const nodeIds = clusterNamedBy(entry.line);
          if (nodeIds !== undefined) replies = ClusterReplyComparison.takingOver(replies, nodeIds);
        }
        replies.noteInput(step, entry.line);
        const before = options.follow === undefined ? undefined : committedAt(sessionNode.offsetTable, options.follow);
        const answers = await answer(replies instanceof ClusterReplyComparison ? replies.translate(entry.line) : entry.line);
        if (options.follow !== undefined) {
          const event = keyEvent(entry.line, options.follow, step, before, committedAt(sessionNode.offsetTable, options.follow), answers[0]);
          if (event !== undefined) events.push(event);
        }
        if (compare) for (const reply of answers) replies.addReplayed(step, entry.line, reply);
        if (step === options.until) stoppedAt = step;
      } else if (compare) {
        if (unanswered !== undefined) {
          mismatch = unanswered; // the recording does hold replies, but none for that earlier session
          break;
        }
        recordedReplies++;
        replies.addRecorded(entry.line);
      }
      if (replies.mismatch !== undefined || (stoppedAt !== undefined && replies.waiting === 0)) {
        completed = false;
        break;
      }
    }
    if (completed && stoppedAt === undefined) {
      // Input ended: a cluster node answers every forward still waiting, as the run did at its end.
      for (const line of await sessionNode.finish()) replies.addReplayed(step, '', line);
    }
    compared += replies.compared;
    mismatch ??= replies.mismatch ?? replies.firstMissing();
    if (mismatch !== undefined) break;
    const extra = replies.firstWaiting();
    if (extra !== undefined) {
      if (recordedReplies === 0) unanswered ??= extra;
      else trailing = { first: extra, count: replies.waiting };
    }
    if (stoppedAt !== undefined) break;
  }
  let unrecordedReplies = 0;
  if (mismatch === undefined && trailing !== undefined) {
    if (transcript.cutOff) unrecordedReplies = trailing.count;
    else mismatch = trailing.first;
  }
  return { steps: step, stoppedAt, repliesCompared: compared, recordedReplies, mismatch, unrecordedReplies, table: node?.offsetTable ?? initialTable(), events };
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
  const parsed = parseRequest(body);
  if (!parsed.ok || parsed.handler !== fetchOffset) return undefined;
  const { group, topic, partition } = parsed.request as FetchOffset;
  if (group !== key.group || topic !== key.topic || partition !== key.partition) return undefined;
  const answer = reply === undefined ? {} : (JSON.parse(reply) as { body: Record<string, unknown> }).body;
  return { kind: 'fetch', step, client, msgId, offset: Number(answer['offset']) };
}

/** The node_ids of an init that makes the node part of a cluster; undefined for any other line. */
function clusterNamedBy(line: string): readonly string[] | undefined {
  const named = initInLine(line)?.init;
  return named !== undefined && named.nodeIds.length > 1 && named.nodeIds.includes(named.nodeId) ? named.nodeIds : undefined;
}

function committedAt(table: OffsetTable, key: OffsetKey): CommittedOffset | undefined {
  return findOffset(table, key.group, key.topic, key.partition);
}
