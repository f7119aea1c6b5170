import { bodyFields } from '../protocol/bodyFields.js';
import { describeErrorCode, ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { MessageBody, ReplyFields } from '../protocol/messages.js';
import { MalformedAnswerError } from './answerFields.js';

/** Where an answer goes: a request as it came (from a client, or from another node). */
export interface ReplyAddress {
  readonly src: string;
  readonly dest: string;
  readonly inReplyTo: number | undefined;
}

/** A request sent on to the nodes that own it, waiting for their answers. */
interface Forward {
  readonly client: ReplyAddress;
  readonly type: string;
  /** A write may have happened when no answer comes; a read surely changed nothing. */
  readonly write: boolean;
  /** The msg_id each part was sent with, by its owner, in the order the parts were sent. */
  readonly msgIds: ReadonlyMap<string, number>;
  readonly replies: Map<string, ReplyFields>;
  /** One reply from every part's; absent when the one owner's reply is relayed as it is. */
  readonly merge: ((replies: ReadonlyMap<string, ReplyFields>) => ReplyFields) | undefined;
  /** On the node's clock: input stamped at or after this finds the forward given up. */
  readonly deadline: number;
  timer: NodeJS.Timeout | undefined;
}

export interface ForwardRequest {
  readonly client: ReplyAddress;
  readonly type: string;
  readonly write: boolean;
  readonly parts: ReadonlyMap<string, Record<string, unknown>>;
  readonly merge?: ((replies: ReadonlyMap<string, ReplyFields>) => ReplyFields) | undefined;
}

export interface ForwarderOptions {
  readonly timeoutMs: number;
  /**
   * Also give up on a timer, not only as input comes (the default): a live node must answer a
   * client even when no more input comes; a replay must not, so that it gives up exactly as the
   * recorded run did, by the recorded clock.
   */
  readonly timers?: boolean;
  /** Sends a request body to a node (this one included), stamped with the node's next msg_id, which it returns. */
  readonly sendTo: (dest: string, body: Record<string, unknown>) => number;
  readonly answer: (client: ReplyAddress, fields: ReplyFields) => void;
  readonly logger: (line: string) => void;
}

/**
 * At most this many forwarded requests wait at once; past it, a request is refused at once with
 * code 11, so a client that floods a node cut off from its peers cannot grow its memory.
 */
const MAX_FORWARDS_WAITING = 65_536;

/**
 * Requests waiting for their owners' answers. Each gets its answer once every part is answered,
 * or an error when the time is up: code 0 for a write (it may have happened), 11 for a read
 * (nothing happened). An answer that comes after that is dropped, so a client never gets two.
 */
export class Forwarder {
  private readonly byMsgId = new Map<number, Forward>();
  /** In the order they were sent, which is the order of their deadlines. */
  private readonly waiting = new Set<Forward>();

  constructor(private readonly options: ForwarderOptions) {}

  /** Sends a request's parts at `now` on the node's clock. */
  forward(request: ForwardRequest, now: number): void {
    if (this.waiting.size >= MAX_FORWARDS_WAITING) {
      this.options.answer(request.client, errorFields(ErrorCode.temporarilyUnavailable, `${request.type}: ${MAX_FORWARDS_WAITING} forwarded requests are waiting for their owners already; retry later`));
      return;
    }
    const msgIds = new Map<string, number>();
    const forward: Forward = { client: request.client, type: request.type, write: request.write, msgIds, replies: new Map(), merge: request.merge, deadline: now + this.options.timeoutMs, timer: undefined };
    this.waiting.add(forward);
    for (const [owner, body] of request.parts) {
      const msgId = this.options.sendTo(owner, body);
      msgIds.set(owner, msgId);
      this.byMsgId.set(msgId, forward);
    }
    if (this.options.timers !== false) this.arm(forward, this.options.timeoutMs);
  }

  /**
   * A live node's clock is the wall clock (or a recorder's stamps of it), so the deadline is
   * checked against it: a timer that fires early is set again, and no input stamped before the
   * deadline ever finds the forward given up, as a replay by the stamps would not.
   */
  private arm(forward: Forward, delay: number): void {
    forward.timer = setTimeout(() => {
      const early = forward.deadline - Date.now();
      if (early > 0) this.arm(forward, early);
      else this.giveUp(forward, `within ${this.options.timeoutMs} ms`);
    }, delay);
    // Input keeps the process alive while answers can still come; once it ends, finish answers the rest.
    forward.timer.unref();
  }

  /**
   * Gives up every forward whose time is up at `now`, before input stamped `now` is taken in: an
   * answer in that input comes too late, whether or not a timer has fired yet.
   */
  giveUpDue(now: number): void {
    for (const forward of this.waiting) {
      if (forward.deadline > now) break;
      this.giveUp(forward, `within ${this.options.timeoutMs} ms`);
    }
  }

  /** Takes a node's answer to a part; one nothing waits for is dropped (and said). False for a body that answers no message at all. */
  takeReply(src: string, body: MessageBody): boolean {
    const inReplyTo = body.in_reply_to;
    if (typeof inReplyTo !== 'number') return false;
    const forward = this.byMsgId.get(inReplyTo);
    // The type too: an answer is to a request of its own type, or an error.
    if (forward === undefined || forward.msgIds.get(src) !== inReplyTo || (body.type !== `${forward.type}_ok` && body.type !== 'error')) {
      this.options.logger(`dropped an answer from ${src} to message ${inReplyTo}: nothing waits for it (it came too late, or was never asked for)`);
      return true;
    }
    this.byMsgId.delete(inReplyTo);
    forward.replies.set(src, bodyFields(body) as ReplyFields);
    if (forward.replies.size === forward.msgIds.size) this.settle(forward, this.merged(forward));
    return true;
  }

  /** Answers every request still waiting: no answer can be taken any more, `when` says why. */
  giveUpAll(when: string): void {
    for (const forward of this.waiting) this.giveUp(forward, when);
  }

  private merged(forward: Forward): ReplyFields {
    const errors = [...forward.replies].filter(([, reply]) => reply.type === 'error');
    if (errors.length === 0) {
      if (forward.merge === undefined) return [...forward.replies.values()][0] as ReplyFields;
      try {
        return forward.merge(forward.replies);
      } catch (error) {
        if (!(error instanceof MalformedAnswerError)) throw error;
        const text = `${forward.type}: an owner's answer cannot be merged (${error.message})`;
        // A read changed nothing; a write's owners may have applied their parts.
        return forward.write ? errorFields(ErrorCode.crash, `${text}; the write may have been applied`) : errorFields(ErrorCode.temporarilyUnavailable, `${text}; nothing was changed`);
      }
    }
    const [owner, first] = errors[0] as [string, ReplyFields];
    // A read, or a write that failed everywhere with nothing done: the owner's error holds for the whole.
    if (!forward.write || forward.replies.size === 1 || (errors.length === forward.replies.size && errors.every(([, reply]) => isDefinite(reply)))) return first;
    return errorFields(ErrorCode.crash, `${forward.type} may have been applied in part: ${owner} answered ${String(first['code'])} (${String(first['text'])}), and other owners may have applied their part`);
  }

  private giveUp(forward: Forward, when: string): void {
    const silent = [...forward.msgIds.keys()].filter((owner) => !forward.replies.has(owner));
    const text = `${forward.type}: no answer from ${silent.join(', ')} ${when}`;
    this.settle(forward, forward.write ? errorFields(ErrorCode.timeout, `${text}; the write may or may not have happened`) : errorFields(ErrorCode.temporarilyUnavailable, `${text}; nothing was changed, the read may be retried`));
  }

  private settle(forward: Forward, reply: ReplyFields): void {
    clearTimeout(forward.timer);
    for (const msgId of forward.msgIds.values()) this.byMsgId.delete(msgId);
    this.waiting.delete(forward);
    this.options.answer(forward.client, reply);
  }
}

function isDefinite(reply: ReplyFields): boolean {
  const code = reply['code'];
  return typeof code === 'number' && describeErrorCode(code)?.definite === true;
}
