import type { PolledMessage } from '../log/data/dataRecord.js';
import { MalformedAnswerError, objectIn } from '../cluster/answerFields.js';
import { describeValue } from '../protocol/describeValue.js';
import type { ReplyFields } from '../protocol/messages.js';
import { findLogEnd } from '../state/offsetTable.js';
import { requireKeyOffsets } from './keyOffsets.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Maelstrom's kafka workload poll:
 *   {"type": "poll", "msg_id", "offsets": {key: offset, ...}}
 *   -> {"type": "poll_ok", "msgs": {key: [[offset, msg], ...], ...}}
 * For each key, a contiguous run of its messages starting exactly at the requested offset, as far
 * as the sends before this poll reached: at most POLL_MAX_MESSAGES_PER_KEY, and the run is cut
 * short once the reply's messages pass POLL_MAX_REPLY_BYTES, but a key with a message at or after
 * its offset always gets at least that one. A key with none is left out.
 */
export interface Poll {
  readonly offsets: ReadonlyMap<string, number>;
}

export const POLL_MAX_MESSAGES_PER_KEY = 100;
/** Bytes of the messages' JSON in one reply, so that a poll of many long logs stays one sane line. */
export const POLL_MAX_REPLY_BYTES = 1024 * 1024;

export const poll: ReadHandler<Poll> = {
  kind: 'read',
  type: 'poll',
  parse: (body) => ({ offsets: requireKeyOffsets(body['offsets'], 'offsets') }),
  route: {
    split: (request, owners) => {
      const parts = new Map<string, [string, number][]>();
      for (const [key, from] of request.offsets) {
        const owner = owners.ofKey(key);
        let part = parts.get(owner);
        if (part === undefined) parts.set(owner, (part = []));
        part.push([key, from]);
      }
      return new Map([...parts].map(([owner, offsets]) => [owner, { type: 'poll', offsets: Object.fromEntries(offsets) }]));
    },
    // Each owner spent the reply's byte budget on its own keys only; spent again here over every
    // key in the request's order, it cuts each run where a single node would have.
    merge: (request, replies, owners) => {
      const found: [string, PolledMessage[]][] = [];
      let budget = POLL_MAX_REPLY_BYTES;
      for (const key of request.offsets.keys()) {
        const msgs = objectIn(replies.get(owners.ofKey(key)) as ReplyFields, 'msgs');
        const run = Object.hasOwn(msgs, key) ? runIn(msgs[key], key) : [];
        const kept: PolledMessage[] = [];
        let bytes = 0;
        for (const message of run) {
          const size = Buffer.byteLength(JSON.stringify(message[1]));
          if (kept.length > 0 && bytes + size > Math.max(budget, 0)) break;
          kept.push(message);
          bytes += size;
        }
        if (kept.length === 0) continue;
        found.push([key, kept]);
        budget -= bytes;
      }
      return { type: 'poll_ok', msgs: Object.fromEntries(found) };
    },
  },
  answer: (request, { table, messages }) => {
    const found: [string, PolledMessage[]][] = [];
    let budget = POLL_MAX_REPLY_BYTES;
    for (const [key, from] of request.offsets) {
      const read = messages.read(key, from, { end: findLogEnd(table, key), maxMessages: POLL_MAX_MESSAGES_PER_KEY, maxBytes: Math.max(budget, 0) });
      if (read.messages.length === 0) continue;
      found.push([key, read.messages]);
      budget -= read.bytes;
    }
    // fromEntries defines each key as an own property, so a key named __proto__ is one like any other.
    return { type: 'poll_ok', msgs: Object.fromEntries(found) };
  },
};

/** A key's run in an owner's poll_ok: [offset, message] pairs. */
function runIn(value: unknown, key: string): PolledMessage[] {
  if (!Array.isArray(value) || !value.every((pair) => Array.isArray(pair) && pair.length === 2 && Number.isSafeInteger(pair[0]))) {
    throw new MalformedAnswerError(`poll_ok.msgs[${JSON.stringify(key)}] must be [offset, message] pairs, got ${describeValue(value)}`);
  }
  return value as PolledMessage[];
}
