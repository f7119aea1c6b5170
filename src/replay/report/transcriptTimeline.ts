import { decodeMessage } from '../../protocol/decodeMessage.js';
import type { MessageBody } from '../../protocol/messages.js';
import { knownRequest, type KnownRequest } from './knownRequest.js';
import { attemptedCommits, type AttemptedCommit } from './attemptedCommits.js';
import { ExpiryQueue } from './expiryQueue.js';
import { RequestEffects } from './requestEffects.js';
import type { RunOverview } from './runOverview.js';
import type { Timeline } from './timeline.js';
import type { TranscriptItem } from './transcriptSource.js';

/** A request waiting for its reply. Replies come in arrival order, but a later batch's input may be recorded before them. */
export interface PendingRequest {
  readonly step: number;
  readonly t: number;
  readonly type: string;
  /** The request as validated, undefined when it failed validation. */
  readonly request: KnownRequest | undefined;
  /** The reply type that acknowledges it. */
  readonly okType: string | undefined;
  /** For a commit that failed validation, the keys it named that could be read. */
  readonly attempted: readonly AttemptedCommit[];
  /** A later request of the same client with the same msg_id, answered after this one. */
  next: PendingRequest | undefined;
}

/**
 * Builds the timeline from one node's transcript, entry by entry, without running the node:
 * each request is paired with its reply by client and msg_id (`dest`/`in_reply_to` of the
 * reply), and only then does it count. A commit moves a key's line only once it is
 * acknowledged; a commit answered with an error is marked as an error. The marks are placed
 * at the request's time, which is the time the node stamped the commit with.
 */
export class TranscriptTimelineBuilder {
  private step = 0;
  private lastT = Number.NEGATIVE_INFINITY;
  private sessions = 0;
  private retentionMs: number | undefined;
  private readonly expiries = new ExpiryQueue();
  private readonly pending = new Map<string, Map<number, PendingRequest>>();
  private readonly effects: RequestEffects;

  constructor(
    private readonly timeline: Timeline,
    private readonly overview: RunOverview,
    private readonly source: number,
  ) {
    this.effects = new RequestEffects(timeline, overview);
  }

  take(item: TranscriptItem): void {
    if (item.dir === 'config') this.startSession(item.t, item.durable, item.retentionMs);
    else if (item.dir === 'in') this.input(item.t, item.line);
    else this.output(item.t, item.line);
  }

  /** The end of the transcript: expiries up to its last moment, and what never got a reply. */
  finish(): void {
    this.expireUntil(this.lastT, this.step);
    let unanswered = 0;
    for (const byId of this.pending.values()) {
      for (const first of byId.values()) for (let request: PendingRequest | undefined = first; request !== undefined; request = request.next) unanswered++;
    }
    if (unanswered > 0) this.overview.warn(`${unanswered} requests of ${this.sourcePath()} have no reply in it (the recording ended first); they are left out`);
    this.effects.finish(this.sourcePath());
  }

  private startSession(t: number, durable: boolean, retentionMs: number | undefined): void {
    this.expireUntil(t, this.step + 1);
    if (this.sessions > 0 && !durable) {
      // A node without a data directory starts empty: every offset is gone.
      for (const series of this.timeline.liveSeries()) this.timeline.remove(series, 'reset', t, { source: this.source, position: this.step + 1 });
    }
    this.sessions++;
    this.overview.sessions.push({ t, source: this.source, position: this.step + 1, durable, retentionMs });
    this.retentionMs = retentionMs;
    this.expiries.clear();
    if (retentionMs !== undefined) {
      for (const series of this.timeline.liveSeries()) {
        const committedAt = this.timeline.committedAtOf(series) as number;
        this.expiries.push(committedAt + retentionMs, series, committedAt);
      }
    }
  }

  private input(t: number, line: string): void {
    if (this.sessions === 0) this.startSession(t, false, undefined); // a fixture pair has no config line
    this.step++;
    if (t > this.lastT) this.lastT = t;
    const decoded = decodeMessage(line);
    if (!decoded.ok) {
      this.overview.request('(not a message)', t, this.source, this.step);
      return;
    }
    const { src, body } = decoded.message;
    this.overview.request(body.type, t, this.source, this.step);
    const msgId = body.msg_id;
    if (typeof msgId !== 'number' || !Number.isSafeInteger(msgId) || msgId < 0) return; // its error reply cannot name it, so it pairs with nothing
    const parsed = knownRequest(body);
    const request = parsed?.known;
    const pending: PendingRequest = { step: this.step, t, type: body.type, request, okType: parsed?.okType, attempted: request === undefined ? attemptedCommits(body) : [], next: undefined };
    let byId = this.pending.get(src);
    if (byId === undefined) this.pending.set(src, (byId = new Map()));
    const earlier = byId.get(msgId as number);
    if (earlier === undefined) {
      byId.set(msgId as number, pending);
      return;
    }
    let last = earlier;
    while (last.next !== undefined) last = last.next;
    last.next = pending;
  }

  private output(t: number, line: string): void {
    if (t > this.lastT) this.lastT = t;
    const decoded = decodeMessage(line);
    if (!decoded.ok) {
      this.overview.warn(`${this.sourcePath()}: a reply that is not a message was left out: ${line.slice(0, 120)}`);
      return;
    }
    const { dest, body } = decoded.message;
    const inReplyTo = body.in_reply_to;
    const pending = Number.isSafeInteger(inReplyTo) ? this.takePending(dest, inReplyTo as number) : undefined;
    const origin = { source: this.source, position: pending?.step ?? this.step, client: dest, msgId: inReplyTo };
    if (body.type === 'error') {
      const code = typeof body['code'] === 'number' ? body['code'] : -1;
      const text = typeof body['text'] === 'string' ? body['text'] : '';
      this.overview.error(code, pending?.type ?? '(unknown request)', text, pending?.t ?? t, origin);
    }
    if (pending === undefined) return;
    this.expireUntil(pending.t, pending.step);
    this.effects.apply(pending, body as MessageBody, origin, this.committed);
  }

  /** A commit stands from `committedAt` until its retention runs out. */
  private readonly committed = (series: number, committedAt: number): void => {
    if (this.retentionMs !== undefined) this.expiries.push(committedAt + this.retentionMs, series, committedAt);
  };

  private takePending(client: string, msgId: number): PendingRequest | undefined {
    const byId = this.pending.get(client);
    const first = byId?.get(msgId);
    if (byId === undefined || first === undefined) return undefined;
    if (first.next === undefined) byId.delete(msgId);
    else byId.set(msgId, first.next);
    return first;
  }

  /** Marks every standing commit whose retention ran out by `now` as expired; `step` is the first request that saw it gone. */
  private expireUntil(now: number, step: number): void {
    for (let due = this.expiries.takeDue(now); due !== undefined; due = this.expiries.takeDue(now)) {
      if (this.timeline.committedAtOf(due.series) !== due.committedAt) continue; // committed again or removed since
      this.timeline.remove(due.series, 'expire', due.expiresAt, { source: this.source, position: step });
    }
  }

  private sourcePath(): string {
    return this.overview.sources[this.source]?.path ?? `input ${this.source}`;
  }
}
