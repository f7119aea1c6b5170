import { AppendError } from '../log/appendError.js';
import type { OffsetLog } from '../log/offsetLog.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import { ErrorCode, errorFields, failedWriteFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { ReadHandler, TableView, WriteHandler, Written } from '../requests/requestHandler.js';
import type { OffsetTable } from '../state/offsetTable.js';
import { evolve, foldLog, produceTable } from '../state/reducer.js';
import type { Admitted } from './admitted.js';
import { internalError } from './internalError.js';
import type { Retention } from './retention.js';

export interface SequencerOptions {
  readonly log: OffsetLog;
  /** The table the log leads to (see foldLog). */
  readonly table: OffsetTable;
  readonly retention: Retention;
  /** Turns a reply into its line; called once per message, in arrival order. */
  readonly encode: (message: Admitted, reply: ReplyFields) => string;
  readonly logger: (line: string) => void;
}

/** Messages decided and appended together, then applied and answered together. */
interface Round {
  readonly messages: readonly Admitted[];
  readonly now: number;
  readonly answered: (replies: string[]) => void;
}

/** A round once decided. Only its first message can be decided here (see submit); the rest were on admission. */
interface DecidedRound extends Round {
  /** What the first message wrote, when it is a write decided from the table. */
  readonly decidedFirst: Written | undefined;
  /** Tombstones for expired offsets, appended and applied ahead of the round's own records. */
  readonly expired: readonly OffsetRecord[];
  /** Its place in the order of appends. */
  readonly number: number;
}

const UNAVAILABLE_AFTER_REBUILD = errorFields(
  ErrorCode.temporarilyUnavailable,
  'the table was rebuilt from the log after an internal error, so this read cannot be answered as of its place in the order; it may be retried',
);

/**
 * The one place that knows about time. Messages come in batches and are cut into rounds, as
 * Kafka's coordinator handles requests: decide each message (validate, turn writes into
 * records), append the round's records in one append (one synced write per log partition when
 * durable: group commit), then apply and answer the round in arrival order in one produce, so a
 * read sees exactly the writes before it. While a round waits on the disk the next ones are
 * decided and appended, and answered after it. A message decided from the table (a delete) starts
 * a round, decided only once every earlier round is applied; so does a round that must expire
 * offsets. If the reducer fails, the table is rebuilt from the log (see rebuild).
 * Replies never depend on how the input was cut into batches.
 */
export class Sequencer {
  private table: OffsetTable;
  private readonly undecided: Round[] = [];
  private deciding = false;
  /** Settles once every round appended so far is applied and answered; it never rejects. */
  private applied: Promise<void> = Promise.resolve();
  private roundsUnapplied = 0;
  private roundsAppended = 0;
  private readonly appendsInFlight = new Set<Promise<unknown>>();
  private rebuilding: Promise<void> | undefined;
  /** Rounds up to this number were folded into the table whole by a rebuild. */
  private rebuiltThroughRound = -1;

  constructor(private readonly options: SequencerOptions) {
    this.table = options.table;
  }

  /** The table with every round answered so far applied. */
  get current(): OffsetTable {
    return this.table;
  }

  /** The replies to `messages`, in their order, once they are due. `now` stamps their commits. */
  submit(messages: readonly Admitted[], now: number): Promise<string[]> {
    const answers: Promise<string[]>[] = [];
    let start = 0;
    for (let index = 1; index <= messages.length; index++) {
      const next = messages[index];
      if (index < messages.length && !decidesFromTable(next as Admitted)) continue;
      const round = messages.slice(start, index);
      answers.push(new Promise((answered) => this.undecided.push({ messages: round, now, answered })));
      start = index;
    }
    void this.decideWaiting();
    if (answers.length === 1) return answers[0] as Promise<string[]>;
    return Promise.all(answers).then((rounds) => rounds.flat());
  }

  /** Decides and appends waiting rounds in order, at once unless a round must wait for the table. */
  private async decideWaiting(): Promise<void> {
    if (this.deciding) return;
    this.deciding = true;
    try {
      while (this.undecided.length > 0) {
        const round = this.undecided[0] as Round;
        const readsTable = decidesFromTable(round.messages[0] as Admitted) || this.options.retention.isDue(round.now);
        const blocker = this.rebuilding ?? (this.roundsUnapplied > 0 && readsTable ? this.applied : undefined);
        if (blocker !== undefined) {
          await blocker;
          continue;
        }
        this.undecided.shift();
        this.appendAndApply(this.decide(round));
      }
    } finally {
      this.deciding = false;
    }
  }

  private decide(round: Round): DecidedRound {
    const { retention } = this.options;
    // Only a round that waited for every earlier one to be applied reads this table.
    const view = retention.view(this.table, round.now);
    const expired = retention.isDue(round.now) ? retention.expire(view) : [];
    const first = round.messages[0] as Admitted;
    const decidedFirst = decidesFromTable(first) ? this.decideFromTable(first, view) : undefined;
    return { ...round, decidedFirst, expired, number: this.roundsAppended++ };
  }

  private decideFromTable(message: Admitted, view: TableView): Written {
    const handler = message.handler as WriteHandler<unknown>;
    try {
      return handler.decide(message.request, view);
    } catch (error) {
      return { records: [], reply: internalError(this.options.logger, `deciding ${handler.type}`, error) };
    }
  }

  private appendAndApply(round: DecidedRound): void {
    const records: OffsetRecord[] = [...round.expired];
    // Indexed loops on the per-message paths: they run for every request.
    for (let index = 0; index < round.messages.length; index++) {
      const written = writtenBy(round, index);
      if (written !== undefined) for (let at = 0; at < written.records.length; at++) records.push(written.records[at] as OffsetRecord);
    }
    const failure = records.length === 0 ? Promise.resolve(undefined) : this.append(records);
    this.roundsUnapplied++;
    this.applied = Promise.all([this.applied, failure]).then(async ([, appendFailure]) => {
      await this.apply(round, appendFailure);
      this.roundsUnapplied--;
    });
  }

  /** Appends a round's records; resolves to the reply its writes get if that failed. */
  private append(records: readonly OffsetRecord[]): Promise<ReplyFields | undefined> {
    let appended: Promise<void>;
    try {
      appended = this.options.log.append(records);
    } catch (error) {
      appended = Promise.reject(error);
    }
    const outcome = appended.then(
      () => undefined,
      (error: unknown) => {
        this.options.logger(`append failed: ${(error as Error).message}`);
        return failedWriteFields((error as Error).message, error instanceof AppendError && error.definite);
      },
    );
    this.appendsInFlight.add(outcome);
    void outcome.then(() => this.appendsInFlight.delete(outcome));
    return outcome;
  }

  /** Applies a round's records, answering its messages in order on the same draft; `appendFailure` when its records are not in the log. */
  private async apply(round: DecidedRound, appendFailure: ReplyFields | undefined): Promise<void> {
    const replies: string[] = [];
    if (round.number <= this.rebuiltThroughRound) {
      round.answered(this.answerRebuilt(round, 0, appendFailure, replies));
      return;
    }
    let at = 0;
    try {
      this.table = produceTable(this.table, (draft, batch) => {
        const view = this.options.retention.view(draft, round.now);
        if (appendFailure === undefined) for (const record of round.expired) evolve(draft, record, batch);
        for (; at < round.messages.length; at++) {
          const written = writtenBy(round, at);
          if (appendFailure === undefined && written !== undefined) for (let index = 0; index < written.records.length; index++) evolve(draft, written.records[index] as OffsetRecord, batch);
          replies.push(this.answer(round.messages[at] as Admitted, written, appendFailure, view));
        }
      });
    } catch (error) {
      this.options.logger(`reducer failed, rebuilding the table from the log: ${(error as Error).stack ?? String(error)}`);
      await this.rebuild();
      this.answerRebuilt(round, at, appendFailure, replies);
    }
    round.answered(replies);
  }

  /** A message's reply line; `view` undefined when reads cannot be answered (after a rebuild). */
  private answer(message: Admitted, written: Written | undefined, appendFailure: ReplyFields | undefined, view: TableView | undefined): string {
    return this.options.encode(message, this.replyTo(message, written, appendFailure, view));
  }

  private replyTo(message: Admitted, written: Written | undefined, appendFailure: ReplyFields | undefined, view: TableView | undefined): ReplyFields {
    if (written !== undefined) return appendFailure !== undefined && written.records.length > 0 ? appendFailure : written.reply;
    // Nothing written: a read.
    const handler = message.handler as ReadHandler<unknown>;
    if (view === undefined) return UNAVAILABLE_AFTER_REBUILD;
    try {
      return handler.answer(message.request, view);
    } catch (error) {
      return internalError(this.options.logger, `answering ${handler.type}`, error);
    }
  }

  /**
   * The reducer failed partway through a round whose records are in the log: the table is a cache
   * of the log, so it is rebuilt from it. No round is decided meanwhile, and once no append is in
   * flight the log holds this round and every round appended after it, whole or not at all; the
   * rebuilt table holds them all. Their writes are answered as usual; their reads cannot be
   * answered as of their place in the order, so they get code 11 and may be retried.
   */
  private rebuild(): Promise<void> {
    this.rebuilding ??= this.rebuildOnceSettled().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async rebuildOnceSettled(): Promise<void> {
    while (this.appendsInFlight.size > 0) await Promise.all([...this.appendsInFlight]);
    this.table = foldLog(this.options.log);
    this.rebuiltThroughRound = this.roundsAppended - 1;
  }

  /** Answers messages of a round the rebuilt table already holds: nothing to apply, and no read to answer. */
  private answerRebuilt(round: DecidedRound, from: number, appendFailure: ReplyFields | undefined, replies: string[]): string[] {
    for (let index = from; index < round.messages.length; index++) {
      const message = round.messages[index] as Admitted;
      replies.push(this.answer(message, writtenBy(round, index), appendFailure, undefined));
    }
    return replies;
  }
}

/** Whether a message is a write still to be decided: one that reads the table, which starts a round. */
function decidesFromTable(message: Admitted): boolean {
  return message.handler?.kind === 'write';
}

/** What the message at `index` of a round wrote, or undefined for a read. */
function writtenBy(round: DecidedRound, index: number): Written | undefined {
  return index === 0 && round.decidedFirst !== undefined ? round.decidedFirst : (round.messages[index] as Admitted).written;
}
