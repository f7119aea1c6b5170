import type { DataLog } from '../log/data/dataLog.js';
import type { DataRecord } from '../log/data/dataRecord.js';
import type { OffsetLog } from '../log/offsetLog.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { TableView, Written } from '../requests/requestHandler.js';
import type { OffsetTable } from '../state/offsetTable.js';
import { evolve, foldLog, produceTable } from '../state/reducer.js';
import type { Admitted } from './admitted.js';
import { decideMessages } from './decideMessages.js';
import { NextOffsets } from './nextOffsets.js';
import { replyTo } from './replyTo.js';
import type { Retention } from './retention.js';
import { RoundAppender, type AppendFailures } from './roundAppender.js';

export interface SequencerOptions {
  readonly log: OffsetLog;
  readonly dataLog: DataLog;
  /** The table the logs lead to (see foldLog). */
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

/**
 * A round once decided: its first message when that is a write decided from the table (see
 * submit), and its sends, which take their offsets now; other writes were decided on admission.
 */
interface DecidedRound extends Round {
  /** What messages decided here wrote, by index; undefined when none was. */
  readonly decided: (Written | undefined)[] | undefined;
  /** Tombstones for expired offsets, appended and applied ahead of the round's own records. */
  readonly expired: readonly OffsetRecord[];
  /** Its place in the order of appends. */
  readonly number: number;
}

/**
 * The one place that knows about time. Messages come in batches and are cut into rounds, as
 * Kafka's coordinator handles requests: decide each message (validate, turn writes into
 * records), append the round's records in one append (one synced write per log partition when
 * durable: group commit), then apply and answer the round in arrival order in one produce, so a
 * read sees exactly the writes before it. While a round waits on the disk the next ones are
 * decided and appended, and answered after it. A message decided from the table (a delete) starts
 * a round, decided only once every earlier round is applied; so does a round that must expire
 * offsets, and so does the first round after a failed data append (see NextOffsets). If the
 * reducer fails, the table is rebuilt from the logs (see rebuild).
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
  private readonly appender: RoundAppender;
  private readonly nextOffsets: NextOffsets;
  private rebuilding: Promise<void> | undefined;
  /** Rounds up to this number were folded into the table whole by a rebuild. */
  private rebuiltThroughRound = -1;

  constructor(private readonly options: SequencerOptions) {
    this.table = options.table;
    this.nextOffsets = new NextOffsets(() => this.table);
    this.appender = new RoundAppender(options.log, options.dataLog, options.logger, () => this.nextOffsets.failed());
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
        const readsTable = decidesFromTable(round.messages[0] as Admitted) || this.options.retention.isDue(round.now) || this.nextOffsets.stale;
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
    if (this.nextOffsets.stale) this.nextOffsets.reset();
    const decided = decideMessages(round.messages, view, this.nextOffsets, this.options.logger);
    return { ...round, decided, expired, number: this.roundsAppended++ };
  }

  private appendAndApply(round: DecidedRound): void {
    const records: OffsetRecord[] = [...round.expired];
    const data: DataRecord[] = [];
    // Indexed loops on the per-message paths: they run for every request.
    for (let index = 0; index < round.messages.length; index++) {
      const written = writtenBy(round, index);
      if (written === undefined) continue;
      for (let at = 0; at < written.records.length; at++) records.push(written.records[at] as OffsetRecord);
      if (written.data !== undefined) for (let at = 0; at < written.data.length; at++) data.push(written.data[at] as DataRecord);
    }
    const failures = this.appender.append(records, data);
    this.roundsUnapplied++;
    this.applied = Promise.all([this.applied, failures]).then(async ([, appendFailures]) => {
      await this.apply(round, appendFailures);
      this.roundsUnapplied--;
    });
  }

  /** Applies a round's records, answering its messages in order on the same draft; `failures` say which records are not in their log. */
  private async apply(round: DecidedRound, failures: AppendFailures): Promise<void> {
    const replies: string[] = [];
    if (round.number <= this.rebuiltThroughRound) {
      round.answered(this.answerRebuilt(round, 0, failures, replies));
      return;
    }
    let at = 0;
    const offsetsIn = failures.offsets === undefined;
    const dataIn = failures.data === undefined;
    try {
      this.table = produceTable(this.table, (draft, batch) => {
        const view = this.options.retention.view(draft.current, round.now);
        if (offsetsIn) for (const record of round.expired) evolve(draft, record, batch);
        for (; at < round.messages.length; at++) {
          const written = writtenBy(round, at);
          if (written !== undefined) {
            if (offsetsIn) for (let index = 0; index < written.records.length; index++) evolve(draft, written.records[index] as OffsetRecord, batch);
            if (dataIn && written.data !== undefined) for (let index = 0; index < written.data.length; index++) evolve(draft, written.data[index] as DataRecord, batch);
          }
          replies.push(this.answer(round.messages[at] as Admitted, written, failures, view));
        }
      });
    } catch (error) {
      this.options.logger(`reducer failed, rebuilding the table from the logs: ${(error as Error).stack ?? String(error)}`);
      await this.rebuild();
      this.answerRebuilt(round, at, failures, replies);
    }
    if (dataIn && round.decided !== undefined) for (const written of round.decided) if (written?.data !== undefined) this.nextOffsets.applied(written.data);
    round.answered(replies);
  }

  private answer(message: Admitted, written: Written | undefined, failures: AppendFailures, view: TableView | undefined): string {
    return this.options.encode(message, replyTo(message, written, failures, view, this.options.logger));
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
    await this.appender.settled();
    this.table = foldLog(this.options.log, undefined, this.options.dataLog);
    this.nextOffsets.reset();
    this.rebuiltThroughRound = this.roundsAppended - 1;
  }

  /** Answers messages of a round the rebuilt table already holds: nothing to apply, and no read to answer. */
  private answerRebuilt(round: DecidedRound, from: number, failures: AppendFailures, replies: string[]): string[] {
    for (let index = from; index < round.messages.length; index++) {
      const message = round.messages[index] as Admitted;
      replies.push(this.answer(message, writtenBy(round, index), failures, undefined));
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
  return round.decided?.[index] ?? (round.messages[index] as Admitted).written;
}
