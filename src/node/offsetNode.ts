import { AppendError } from '../log/appendError.js';
import { MemoryLog } from '../log/memory/memoryLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { encodeReply, errorFields } from '../protocol/encodeReply.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errorCodes.js';
import type { Envelope, ReplyFields, Request } from '../protocol/messages.js';
import { validateRequest } from '../protocol/validateRequest.js';
import { foldLog, TableDraft } from '../state/reducer.js';
import { initialTable, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';
import { answerRead, decideRequest, decidesFromTable, expiryRecords, type DecideContext, type Decision, type ReadRequest } from './decideRequest.js';

export interface OffsetNodeOptions {
  readonly log: OffsetLog;
  /** The table the log leads to, when the caller folded it already (while opening the log); recover() is then not needed. */
  readonly table?: OffsetTable | undefined;
  /** Stamps commit records and decides expiry; injectable so tests and replays are deterministic. */
  readonly clock?: () => number;
  /** Offsets whose last commit is older than this expire (Kafka's offsets.retention); off when absent. */
  readonly retentionMs?: number | undefined;
  /** Where diagnostics go (stderr in the real node). */
  readonly logger?: (line: string) => void;
}

/**
 * What the decide pass made of each message, in arrival order. A step keeps the addresses its
 * reply needs, not the parsed message: a durable round holds thousands of steps while its
 * append waits on the disk, and every scavenge in that time copied the parsed bodies too.
 */
type Step =
  | { readonly kind: 'reply'; readonly src: string; readonly dest: string; readonly inReplyTo: number | undefined; readonly fields: ReplyFields }
  | { readonly kind: 'init'; readonly src: string; readonly dest: string; readonly msgId: number; readonly nodeId: string }
  | { readonly kind: 'decided'; readonly src: string; readonly dest: string; readonly msgId: number; readonly decision: Decision };

interface Round {
  readonly steps: Step[];
  /** Tombstones for expired offsets, written ahead of the round's own records. */
  readonly expired: OffsetRecord[];
}

/**
 * The node without its I/O: lines in, reply lines out.
 *
 * Lines are handled in rounds, as Kafka's coordinator handles requests: decide (validate each
 * request and turn writes into records), append all of the round's records in one append (one
 * synced write per log partition when durable), then apply and answer in arrival order, all on
 * one draft of the table (one produce per round). A read sees exactly the writes that came
 * before it. A batch may be decided while earlier ones are still on their way to the disk.
 * A request decided from the table itself (a delete) starts a new round, so it sees every
 * earlier request applied. Replies never depend on how stdin was cut into chunks.
 */
export class OffsetNode {
  private table: OffsetTable = initialTable();
  private nodeId: string | undefined;
  private nextMsgId = 0;
  private nextExpiryCheck = 0;
  /** Settles once every round handed to the log so far has been applied and answered; undefined when none waits. */
  private unapplied: Promise<void> | undefined;
  /** Settles once the batch that is waiting to decide a round has decided all of them. */
  private deciding: Promise<void> | undefined;
  /** Rounds handed to the log so far: a round's number is its place in that order. */
  private roundsAppended = 0;
  /** Appends whose outcome is not known yet, and who waits for there to be none (see rebuildThenAnswer). */
  private appendsInFlight = 0;
  private appendsSettled: (() => void)[] = [];
  /**
   * Rounds up to this number were folded into the table whole, by a rebuild after a reducer
   * failure: their writes are in it already, and a read of theirs would see later writes.
   */
  private rebuiltThroughRound = -1;
  private readonly log: OffsetLog;
  private readonly clock: () => number;
  private readonly retentionMs: number | undefined;
  private readonly logger: (line: string) => void;

  constructor(options: OffsetNodeOptions) {
    this.log = options.log;
    this.table = options.table ?? initialTable();
    this.clock = options.clock ?? Date.now;
    this.retentionMs = options.retentionMs;
    this.logger = options.logger ?? (() => {});
  }

  /** Rebuilds the table from what the log already holds (a restart). */
  recover(): void {
    this.table = foldLog(this.log);
  }

  get offsetTable(): OffsetTable {
    return this.table;
  }

  /**
   * Handles a batch of input lines; the reply lines come back in request order. A batch may
   * be handed in while earlier ones still wait on the disk: it is decided at once (so the
   * next append is ready when the disk is), and applied and answered after them, in order.
   */
  handleLines(lines: readonly string[]): string[] | Promise<string[]> {
    // One clock reading per batch: a recorded run stamps the batch, and a replay decides with that stamp.
    const now = this.clock();
    const earlier = this.deciding;
    if (earlier === undefined) {
      const { replies, decided } = this.handleBatch(lines, now);
      if (decided !== undefined) this.keepLaterBatchesBehind(decided);
      return replies;
    }
    // A batch still deciding (a round of it waits for the table) keeps later batches behind it.
    let release = ignore;
    this.keepLaterBatchesBehind(new Promise<void>((resolve) => (release = resolve)));
    return earlier.then(() => {
      let decided: Promise<void> | undefined;
      try {
        const handled = this.handleBatch(lines, now);
        decided = handled.decided;
        return handled.replies;
      } finally {
        void (decided ?? Promise.resolve()).then(release, release);
      }
    });
  }

  /** `decided` is undefined when every round of the batch was decided at once. */
  private handleBatch(lines: readonly string[], now: number): { replies: string[] | Promise<string[]>; decided: Promise<void> | undefined } {
    const answered: (string[] | Promise<string[]>)[] = [];
    let next = 0;
    const decideFrom = (): Promise<void> | undefined => {
      while (next < lines.length) {
        const round = this.decideRound(lines, next, now);
        if (round === 'after earlier rounds') return (this.unapplied as Promise<void>).then(decideFrom);
        next += round.consumed;
        answered.push(this.appendAndAnswer(round, now));
      }
      return undefined;
    };
    const decided = decideFrom();
    if (decided === undefined) return { replies: concatenate(answered), decided };
    return { replies: decided.then(() => concatenate(answered)), decided };
  }

  private keepLaterBatchesBehind(decided: Promise<void>): void {
    const deciding = decided.then(ignore, ignore);
    this.deciding = deciding;
    void deciding.then(() => {
      if (this.deciding === deciding) this.deciding = undefined;
    });
  }

  private context(now: number, table: OffsetTable = this.table): DecideContext {
    const retention = this.retentionMs;
    const isLive = retention === undefined ? alwaysLive : (offset: CommittedOffset) => offset.commitTimestamp + retention > now;
    return { table, now, isLive };
  }

  /**
   * Decides lines from `start` on, up to (not including) a request that must start a round of
   * its own. A round that needs the table itself (a delete first, or expiry due) is put off
   * while earlier rounds are still to be applied.
   */
  private decideRound(lines: readonly string[], start: number, now: number): (Round & { consumed: number }) | 'after earlier rounds' {
    const context = this.context(now);
    const settled = this.unapplied === undefined;
    if (!settled && this.expiryDue(now)) return 'after earlier rounds';
    const steps: Step[] = [];
    let index = start;
    for (; index < lines.length; index++) {
      const line = lines[index] as string;
      try {
        const step = this.decideLine(line, context, index === start && settled);
        if (step === 'next round') break;
        if (step !== undefined) steps.push(step);
      } catch (error) {
        // A bug must cost one request, not the node: answer it if it can be addressed.
        this.logger(`internal error on ${abbreviate(line)}: ${(error as Error).stack ?? String(error)}`);
        const decoded = decodeMessage(line);
        if (decoded.ok) steps.push(errorStep(decoded.message, ErrorCode.crash, `internal error: ${(error as Error).message}`));
      }
    }
    if (index === start) return 'after earlier rounds';
    return { steps, expired: this.dueExpiry(context), consumed: index - start };
  }

  private decideLine(line: string, context: DecideContext, startsRound: boolean): Step | 'next round' | undefined {
    const decoded = decodeMessage(line);
    if (!decoded.ok) {
      this.logger(`skipped a line that is not a message (${decoded.reason}): ${abbreviate(line)}`);
      return undefined;
    }
    const { message } = decoded;
    const validated = validateRequest(message.body);
    if (!validated.ok) return errorStep(message, validated.code, validated.text);
    const request: Request = validated.request;
    if (request.type === 'init') return { kind: 'init', src: message.src, dest: message.dest, msgId: request.msgId, nodeId: request.nodeId };
    if (decidesFromTable(request) && !startsRound) return 'next round';
    return { kind: 'decided', src: message.src, dest: message.dest, msgId: request.msgId, decision: decideRequest(request, context) };
  }

  private expiryDue(now: number): boolean {
    return this.retentionMs !== undefined && now >= this.nextExpiryCheck;
  }

  /** With retention on, at most every minute (or retention period), tombstones for what has expired. */
  private dueExpiry(context: DecideContext): OffsetRecord[] {
    if (this.retentionMs === undefined || !this.expiryDue(context.now)) return [];
    this.nextExpiryCheck = context.now + Math.min(this.retentionMs, 60_000);
    return expiryRecords(context);
  }

  /**
   * Appends the round's records and answers it once they are in the log and every earlier
   * round is answered. With nothing waiting and an in-memory log, all of that happens now.
   */
  private appendAndAnswer(round: Round, now: number): string[] | Promise<string[]> {
    const records = [...round.expired];
    for (const step of round.steps) {
      if (step.kind === 'decided' && step.decision.kind === 'write') for (const record of step.decision.records) records.push(record);
    }
    const number = this.roundsAppended++;
    let appended: void | Promise<void>;
    try {
      appended = records.length === 0 ? undefined : this.log.append(records);
      // A MemoryLog holds the records once append returns (its promise is resolved already), so
      // the round is answered at once, as a synchronous append used to allow.
      if (this.log instanceof MemoryLog) appended = undefined;
    } catch (error) {
      if (this.unapplied === undefined) return this.applyAndAnswer(round, number, now, this.appendFailure(error));
      appended = Promise.reject(error);
    }
    if (appended === undefined && this.unapplied === undefined) return this.applyAndAnswer(round, number, now, undefined);
    const outcome = this.tracked(Promise.resolve(appended)).then(
      () => undefined,
      (error: unknown) => this.appendFailure(error),
    );
    const answered = Promise.all([this.unapplied, outcome]).then(([, failure]) => this.applyAndAnswer(round, number, now, failure));
    const unapplied = answered.then(ignore, ignore);
    this.unapplied = unapplied;
    void unapplied.then(() => {
      if (this.unapplied === unapplied) this.unapplied = undefined;
    });
    return answered;
  }

  /** Counts an append as in flight until it settles. */
  private tracked(appended: Promise<void>): Promise<void> {
    this.appendsInFlight++;
    const settled = (): void => {
      if (--this.appendsInFlight === 0) for (const resolve of this.appendsSettled.splice(0)) resolve();
    };
    appended.then(settled, settled);
    return appended;
  }

  /** The reply every write of a round gets when its append failed. */
  private appendFailure(error: unknown): ReplyFields {
    const message = (error as Error).message;
    this.logger(`append failed: ${message}`);
    return error instanceof AppendError && error.definite
      ? errorFields(ErrorCode.temporarilyUnavailable, `${message}; nothing was recorded and the request may be retried`)
      : errorFields(ErrorCode.crash, `${message}; the request may or may not have been recorded`);
  }

  /** `appendFailure` is the reply for the round's writes when their records could not be appended. */
  private applyAndAnswer(round: Round, number: number, now: number, appendFailure: ReplyFields | undefined): string[] | Promise<string[]> {
    const replies: string[] = [];
    if (number <= this.rebuiltThroughRound) return this.answerRebuilt(round.steps, 0, replies, appendFailure);
    // One draft for the round: each write is applied as it comes, so a read sees every write before it.
    const draft = new TableDraft(this.table);
    const context = this.context(now, draft.current);
    const read = (request: ReadRequest): ReplyFields => answerRead(request, context);
    const { steps } = round;
    if (appendFailure === undefined) {
      try {
        // Expiry tombstones come before the round's own records.
        draft.apply(round.expired);
      } catch (error) {
        return this.rebuildThenAnswer(steps, 0, replies, appendFailure, error);
      }
    }
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as Step;
      if (appendFailure === undefined && step.kind === 'decided' && step.decision.kind === 'write') {
        try {
          draft.apply(step.decision.records);
        } catch (error) {
          return this.rebuildThenAnswer(steps, index, replies, appendFailure, error);
        }
      }
      replies.push(this.answer(step, appendFailure, read));
    }
    this.table = draft.finish();
    return replies;
  }

  private answer(step: Step, appendFailure: ReplyFields | undefined, read: (request: ReadRequest) => ReplyFields): string {
    if (step.kind === 'reply') return this.reply(step, step.inReplyTo, step.fields);
    if (step.kind === 'init') {
      this.nodeId = step.nodeId;
      return this.reply(step, step.msgId, { type: 'init_ok' });
    }
    const { decision } = step;
    if (decision.kind === 'reply') return this.reply(step, step.msgId, decision.reply);
    if (decision.kind === 'write') return this.reply(step, step.msgId, appendFailure ?? decision.reply);
    return this.reply(step, step.msgId, read(decision.request));
  }

  /**
   * The reducer failed partway through a round, whose records are in the log already: the table
   * is a cache of the log, so it is rebuilt from it. Once no append is in flight, the log holds
   * this round and every round appended after it, whole or not at all, and the rebuilt table
   * holds them all. Their writes are answered as usual; their reads cannot be answered as of
   * their place in the order, so they get code 11 and may be retried.
   */
  private rebuildThenAnswer(steps: readonly Step[], from: number, replies: string[], appendFailure: ReplyFields | undefined, error: unknown): string[] | Promise<string[]> {
    this.logger(`reducer failed, rebuilding the table from the log: ${(error as Error).stack ?? String(error)}`);
    const rebuild = (): string[] | Promise<string[]> => {
      // An append made while this waited (a batch decided meanwhile) means waiting again.
      if (this.appendsInFlight > 0) return new Promise<void>((resolve) => this.appendsSettled.push(resolve)).then(rebuild);
      this.recover();
      this.rebuiltThroughRound = this.roundsAppended - 1;
      return this.answerRebuilt(steps, from, replies, appendFailure);
    };
    return rebuild();
  }

  /** Answers steps of a round the rebuilt table already holds: nothing to apply, and no read to answer. */
  private answerRebuilt(steps: readonly Step[], from: number, replies: string[], appendFailure: ReplyFields | undefined): string[] {
    const unavailable = errorFields(ErrorCode.temporarilyUnavailable, 'the table was rebuilt from the log after an internal error, so this read cannot be answered as of its place in the order; it may be retried');
    for (const step of steps.slice(from)) replies.push(this.answer(step, appendFailure, () => unavailable));
    return replies;
  }

  private reply(to: Step, inReplyTo: number | undefined, fields: ReplyFields): string {
    // Until init names this node, answer as whatever the request was addressed to.
    return encodeReply(this.nodeId ?? to.dest, to.src, inReplyTo, this.nextMsgId++, fields);
  }
}

const alwaysLive = (): boolean => true;
const ignore = (): void => {};

/** The replies of a batch's rounds, in order: at once if every round was answered at once. */
function concatenate(answered: readonly (string[] | Promise<string[]>)[]): string[] | Promise<string[]> {
  if (answered.length === 1 && Array.isArray(answered[0])) return answered[0];
  if (answered.every((replies): replies is string[] => Array.isArray(replies))) return answered.flat();
  return Promise.all(answered).then((rounds) => rounds.flat());
}

/** An error reply, addressed to the request's msg_id when it has a usable one. */
function errorStep(message: Envelope, code: ErrorCodeValue, text: string): Step {
  const msgId = message.body.msg_id;
  return { kind: 'reply', src: message.src, dest: message.dest, inReplyTo: Number.isSafeInteger(msgId) ? msgId : undefined, fields: errorFields(code, text) };
}

function abbreviate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}... (${line.length} characters)` : line;
}
