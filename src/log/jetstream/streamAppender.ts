import { ClosedConnectionError } from '@nats-io/transport-node';
import { JetStreamApiError, type JetStreamClient, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { AppendError } from '../appendError.js';
import { GroupCommit, type PendingAppend } from '../groupCommit.js';
import { classifyAppends, type PublishOutcome } from './classifyAppends.js';

/** One message of an append: where it goes and its bytes (a record in its stored form). */
export interface StreamMessage {
  readonly subject: string;
  readonly payload: Uint8Array;
}

export interface StreamAppenderOptions<T> {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  /** The stream's last sequence when the log was read: every message up to it is in the log. */
  readonly lastSeq: number;
  /** This writer's mark, unique per open: every message id it publishes starts with it and a dot. */
  readonly writerId: string;
  readonly publishTimeoutMs: number;
  /** Makes a checker for one batch: it refuses (definitely) an append the ones before it in the batch leave invalid. */
  readonly checker?: () => (item: T) => AppendError | undefined;
  /** Called for an append every message of which JetStream acknowledged, before it resolves; its messages are at `firstSeq` on. */
  readonly appended: (item: T, firstSeq: number) => void;
  /** A message of this writer's found in the stream although its append was reported failed: the log keeps it, or takes it out. */
  readonly stray: (message: StoredMsg) => Promise<void>;
  /** Told once when a message of another writer is found in the stream: this log may not write any more. */
  readonly taken: (error: AppendError) => void;
}

/** One append: what the log is told once it is in, and its messages. */
interface Append<T> {
  readonly item: T;
  readonly messages: readonly StreamMessage[];
}

type Waiting<T> = PendingAppend<Append<T>>;

/**
 * Appends to one JetStream stream that this writer alone writes. Appends that arrive while a batch
 * is published wait and go out together (group commit); every message of a batch is published at
 * once, each with a message id (a publish the client resends is stored once) and the sequence it
 * expects the stream to end at (so nothing of anyone else's can slip in between, and a publish that
 * arrives late cannot land after a later one). An append resolves once every message is acknowledged.
 *
 * After any failure the writer no longer knows where the stream ends: before it publishes again it
 * reads what landed past its last known sequence (a publish whose answer was lost may still land)
 * and hands each of its own such messages to `stray`; one of another writer's ends the log's writes.
 * If that reading fails, the batch is refused with nothing published: a definite failure.
 */
export class StreamAppender<T> {
  private readonly appends = new GroupCommit<Append<T>>(
    (batch) => this.writeBatch(batch),
    (error) => {
      // A bug, not a refused publish: what reached the stream is unknown.
      this.lastSeq = undefined;
      return new AppendError(`JetStream append failed: ${error.message}`, false);
    },
  );
  /** Where the stream ends as far as this writer knows; undefined once a failure made it unsure. */
  private lastSeq: number | undefined;
  /** Every sequence up to this one has been seen: acknowledged, or handed to `stray`. */
  private seenThrough: number;
  /** Sequences of messages that landed for appends reported failed, still to hand to `stray`. */
  private strays: number[] = [];
  private taken: AppendError | undefined;
  private published = 0;

  constructor(private readonly options: StreamAppenderOptions<T>) {
    this.lastSeq = options.lastSeq;
    this.seenThrough = options.lastSeq;
  }

  append(item: T, messages: readonly StreamMessage[]): Promise<void> {
    return this.appends.append({ item, messages });
  }

  /** Resolves once nothing is being published. */
  settled(): Promise<void> {
    return this.appends.settled();
  }

  private async writeBatch(batch: readonly Waiting<T>[]): Promise<void> {
    if (this.taken !== undefined) return batch.forEach((append) => append.reject(this.taken as AppendError));
    const unsure = await this.reconcile();
    if (unsure !== undefined) {
      const refusal = new AppendError(`JetStream stream ${this.options.stream} cannot be read to see where it ends (${unsure}); nothing was published`, true);
      return batch.forEach((append) => append.reject(this.taken ?? refusal));
    }
    const check = this.options.checker?.();
    const accepted: Waiting<T>[] = [];
    for (const append of batch) {
      const refusal = check?.(append.item.item);
      if (refusal === undefined) accepted.push(append);
      else append.reject(refusal);
    }
    if (accepted.length === 0) return;
    const base = this.lastSeq as number;
    const publishes: Promise<PublishOutcome>[] = [];
    for (const { item } of accepted) for (const message of item.messages) publishes.push(this.publish(message, base + publishes.length));
    const outcomes = await Promise.all(publishes);
    const settled = classifyAppends(
      accepted.map(({ item }) => item.messages.length),
      outcomes,
      base,
    );
    this.lastSeq = settled.lastSeq;
    this.seenThrough = settled.seenThrough;
    this.strays.push(...settled.strays);
    // The stream holds a prefix of the batch, so an append that landed has its messages where they were sent.
    let firstSeq = base + 1;
    accepted.forEach((append, index) => {
      const failure = settled.failures[index];
      const seq = firstSeq;
      firstSeq += append.item.messages.length;
      if (failure === undefined) {
        this.options.appended(append.item.item, seq);
        append.resolve();
      } else {
        append.reject(new AppendError(`JetStream stream ${this.options.stream}: ${failure.reason}`, failure.definite));
      }
    });
  }

  private publish(message: StreamMessage, expectedLastSeq: number): Promise<PublishOutcome> {
    const msgID = `${this.options.writerId}.${this.published++}`;
    return this.options.js.publish(message.subject, message.payload, { msgID, expect: { lastSequence: expectedLastSeq }, timeout: this.options.publishTimeoutMs }).then(
      (ack): PublishOutcome => ({ kind: 'acked', seq: ack.seq }),
      (error: unknown): PublishOutcome => {
        const reason = (error as Error).message;
        // The server answered and stored nothing (no stream took it: the client names that JetStreamNotEnabled), or the client never sent it.
        if (error instanceof JetStreamApiError || (error as Error).name === 'JetStreamNotEnabled' || error instanceof ClosedConnectionError) return { kind: 'refused', reason };
        return { kind: 'unknown', reason };
      },
    );
  }

  /** Brings this writer's view of the stream up to date after a failure; the reason it could not, if so. */
  private async reconcile(): Promise<string | undefined> {
    if (this.lastSeq !== undefined && this.strays.length === 0) return undefined;
    const { jsm, stream, writerId } = this.options;
    try {
      const end = (await jsm.streams.info(stream)).state.last_seq;
      for (let seq = this.seenThrough + 1; seq <= end; seq++) this.strays.push(seq);
      this.seenThrough = Math.max(this.seenThrough, end);
      while (this.strays.length > 0) {
        const seq = this.strays[0] as number;
        const message = await jsm.streams.getMessage(stream, { seq });
        // Gone already: a later record of its subject replaced it (the offsets stream keeps one per subject).
        if (message !== null) {
          const id = message.header.get('Nats-Msg-Id');
          if (!id.startsWith(`${writerId}.`)) {
            this.taken = new AppendError(`another writer appended to JetStream stream ${stream} (message ${seq}, id ${JSON.stringify(id)}); this node no longer writes it`, true);
            this.options.taken(this.taken);
            return this.taken.message;
          }
          await this.options.stray(message);
        }
        this.strays.shift();
      }
      this.lastSeq = end;
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
