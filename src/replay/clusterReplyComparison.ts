import type { Mismatch, ReplyComparison } from './replyComparison.js';

interface Replayed {
  readonly step: number;
  readonly input: string;
  readonly reply: string;
}

interface Line {
  readonly src: string;
  readonly dest: string;
  readonly body: Record<string, unknown>;
}

/**
 * Pairs the lines a node of a cluster sent in a replay with the recorded ones. Such a node's lines
 * leave in an order its peers' timing decides, and its msg_ids count them in that order, so lines
 * are paired by what they answer (dest and in_reply_to) or, for a request it forwarded, by where it
 * went and what it asked, in order; their bodies must be equal but for msg_id. A forward's recorded
 * msg_id is remembered against the replayed one, so that the answer its owner sent (recorded input)
 * reaches the replayed forward: see `translate`.
 */
export class ClusterReplyComparison {
  private readonly replayed = new Map<string, Replayed[]>();
  private readonly recorded = new Map<string, string[]>();
  private replayedWaiting = 0;
  /** A recorded forward's msg_id, to the msg_id the replayed node gave the same forward. */
  private readonly forwardIds = new Map<number, number>();
  private lastStep = 0;
  private lastInput = '';
  compared = 0;
  mismatch: Mismatch | undefined;

  constructor(private readonly nodeIds: readonly string[]) {}

  /** Takes over from the in-order comparison of a session's lines before its cluster init: its count, and what waits on either side. */
  static takingOver(before: ReplyComparison, nodeIds: readonly string[]): ClusterReplyComparison {
    const comparison = new ClusterReplyComparison(nodeIds);
    comparison.compared = before.compared;
    comparison.mismatch = before.mismatch;
    const { replayed, recorded } = before.drain();
    for (const reply of recorded) comparison.addRecorded(reply);
    for (const { step, input, reply } of replayed) comparison.addReplayed(step, input, reply);
    return comparison;
  }

  noteInput(step: number, input: string): void {
    this.lastStep = step;
    this.lastInput = input;
  }

  get waiting(): number {
    return this.replayedWaiting;
  }

  addReplayed(step: number, input: string, reply: string): void {
    const key = pairingKey(reply);
    const recorded = this.recorded.get(key);
    const expected = recorded?.shift();
    if (recorded?.length === 0) this.recorded.delete(key);
    if (expected === undefined) {
      this.replayedWaiting++;
      queue(this.replayed, key).push({ step, input, reply });
      return;
    }
    this.match({ step, input, reply }, expected);
  }

  addRecorded(reply: string): void {
    const key = pairingKey(reply);
    const replayed = this.replayed.get(key);
    const actual = replayed?.shift();
    if (replayed?.length === 0) this.replayed.delete(key);
    if (actual === undefined) {
      queue(this.recorded, key).push(reply);
      return;
    }
    this.replayedWaiting--;
    this.match(actual, reply);
  }

  /** A recorded input line as the replayed node must see it: an answer to a forward carries the replayed forward's msg_id. */
  translate(input: string): string {
    const line = JSON.parse(input) as Line;
    const inReplyTo = line.body['in_reply_to'];
    if (!this.nodeIds.includes(line.src) || typeof inReplyTo !== 'number') return input;
    const replayedId = this.forwardIds.get(inReplyTo);
    if (replayedId === undefined) return input;
    return JSON.stringify({ ...line, body: { ...line.body, in_reply_to: replayedId } });
  }

  firstWaiting(): Mismatch | undefined {
    let first: Replayed | undefined;
    for (const waiting of this.replayed.values()) for (const each of waiting) if (first === undefined || each.step < first.step) first = each;
    return first === undefined ? undefined : { step: first.step, input: first.input, expected: undefined, actual: first.reply };
  }

  firstMissing(): Mismatch | undefined {
    const [expected] = this.recorded.values().next().value ?? [];
    return expected === undefined ? undefined : { step: this.lastStep, input: this.lastInput, expected, actual: undefined };
  }

  private match(replayed: Replayed, expected: string): void {
    if (this.mismatch !== undefined) return;
    const [want, got] = [JSON.parse(expected) as Line, JSON.parse(replayed.reply) as Line];
    if (comparable(want) !== comparable(got)) {
      this.mismatch = { step: replayed.step, input: replayed.input, expected, actual: replayed.reply };
      return;
    }
    this.compared++;
    if (want.body['in_reply_to'] === undefined && typeof want.body['msg_id'] === 'number') this.forwardIds.set(want.body['msg_id'], got.body['msg_id'] as number);
  }
}

/** What a line is paired by: the request it answers, or, for a request, where it goes and what it asks. */
function pairingKey(text: string): string {
  const line = JSON.parse(text) as Line;
  const inReplyTo = line.body['in_reply_to'];
  return inReplyTo === undefined ? `ask ${line.dest} ${comparable(line)}` : `answer ${line.dest} ${String(inReplyTo)}`;
}

/** A line without its msg_id, as text. */
function comparable({ src, dest, body }: Line): string {
  const { msg_id: _msgId, ...rest } = body;
  return JSON.stringify({ src, dest, body: rest });
}

function queue<T>(map: Map<string, T[]>, key: string): T[] {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = []));
  return found;
}
