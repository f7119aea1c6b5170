import { AppendError } from '../log/appendError.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { commitRecord, type OffsetRecord } from '../log/offsetRecord.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { encodeReply, errorFields } from '../protocol/encodeReply.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errorCodes.js';
import type { Envelope, ReplyFields, Request } from '../protocol/messages.js';
import { validateRequest } from '../protocol/validateRequest.js';
import { fold, reduceAll } from '../state/reducer.js';
import { findOffset, initialTable, type OffsetTable } from '../state/offsetTable.js';

export interface OffsetNodeOptions {
  readonly log: OffsetLog;
  /** Stamps commit records; injectable so tests and replays are deterministic. */
  readonly clock?: () => number;
  /** Where diagnostics go (stderr in the real node). */
  readonly logger?: (line: string) => void;
}

/** What the first pass over a batch decided for each message, in arrival order. */
type Step =
  | { readonly kind: 'reply'; readonly message: Envelope; readonly inReplyTo: number | undefined; readonly fields: ReplyFields }
  | { readonly kind: 'init'; readonly message: Envelope; readonly request: Extract<Request, { type: 'init' }> }
  | { readonly kind: 'commit'; readonly message: Envelope; readonly msgId: number; readonly record: OffsetRecord }
  | { readonly kind: 'fetch'; readonly message: Envelope; readonly request: Extract<Request, { type: 'fetch_offset' }> };

/**
 * The node without its I/O: lines in, reply lines out, one batch at a time.
 *
 * A batch goes through three stages, as Kafka's coordinator handles an offset commit:
 * decide (validate every request and turn each commit into a record), append (all of the
 * batch's records in one append: one fsync when durable), then apply and answer in arrival
 * order (fold the records into the table, answer fetches from the table). A fetch sees
 * exactly the commits that came before it: the fold is split in front of any fetch whose
 * group has an unfolded commit in the batch, so replies never depend on how stdin was cut.
 */
export class OffsetNode {
  private table: OffsetTable = initialTable();
  private nodeId: string | undefined;
  private nextMsgId = 0;
  private readonly log: OffsetLog;
  private readonly clock: () => number;
  private readonly logger: (line: string) => void;

  constructor(options: OffsetNodeOptions) {
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? (() => {});
  }

  /** Rebuilds the table from what the log already holds (a restart). */
  recover(): void {
    this.table = fold(this.log.records());
  }

  get offsetTable(): OffsetTable {
    return this.table;
  }

  /** Handles a batch of input lines; the reply lines come back in request order. */
  handleLines(lines: readonly string[]): string[] | Promise<string[]> {
    const steps = this.decide(lines);
    const records: OffsetRecord[] = [];
    for (const step of steps) if (step.kind === 'commit') records.push(step.record);
    if (records.length === 0) return this.applyAndAnswer(steps, undefined);
    let appended: void | Promise<void>;
    try {
      appended = this.log.append(records);
    } catch (error) {
      return this.applyAndAnswer(steps, this.appendFailure(error));
    }
    if (appended === undefined) return this.applyAndAnswer(steps, undefined);
    return appended.then(
      () => this.applyAndAnswer(steps, undefined),
      (error: unknown) => this.applyAndAnswer(steps, this.appendFailure(error)),
    );
  }

  private decide(lines: readonly string[]): Step[] {
    const steps: Step[] = [];
    const now = this.clock();
    for (const line of lines) {
      try {
        this.decideLine(line, now, steps);
      } catch (error) {
        // A bug must cost one request, not the node: answer it if it can be addressed.
        this.logger(`internal error on ${abbreviate(line)}: ${(error as Error).stack ?? String(error)}`);
        const decoded = decodeMessage(line);
        if (decoded.ok) steps.push(errorStep(decoded.message, ErrorCode.crash, `internal error: ${(error as Error).message}`));
      }
    }
    return steps;
  }

  private decideLine(line: string, now: number, steps: Step[]): void {
    const decoded = decodeMessage(line);
    if (!decoded.ok) {
      this.logger(`skipped a line that is not a message (${decoded.reason}): ${abbreviate(line)}`);
      return;
    }
    const { message } = decoded;
    const validated = validateRequest(message.body);
    if (!validated.ok) {
      steps.push(errorStep(message, validated.code, validated.text));
      return;
    }
    const { request } = validated;
    switch (request.type) {
      case 'init':
        steps.push({ kind: 'init', message, request });
        break;
      case 'commit_offset': {
        const { group, topic, partition, offset } = request;
        steps.push({ kind: 'commit', message, msgId: request.msgId, record: commitRecord(group, topic, partition, offset, now) });
        break;
      }
      case 'fetch_offset':
        steps.push({ kind: 'fetch', message, request });
        break;
    }
  }

  /** The reply every commit of a batch gets when its append failed. */
  private appendFailure(error: unknown): ReplyFields {
    const message = (error as Error).message;
    this.logger(`append failed: ${message}`);
    return error instanceof AppendError && error.definite
      ? errorFields(ErrorCode.temporarilyUnavailable, `${message}; the commit was not recorded and may be retried`)
      : errorFields(ErrorCode.crash, `${message}; the commit may or may not have been recorded`);
  }

  /** `appendFailure` is the reply for the batch's commits when they could not be appended. */
  private applyAndAnswer(steps: readonly Step[], appendFailure: ReplyFields | undefined): string[] {
    const replies: string[] = [];
    let unfolded: OffsetRecord[] = [];
    const unfoldedGroups = new Set<string>();
    const foldPending = (): void => {
      try {
        this.table = reduceAll(this.table, unfolded);
      } catch (error) {
        // The records are in the log already; the table is a cache of it, so rebuild it.
        this.logger(`reducer failed, rebuilding the table from the log: ${(error as Error).stack ?? String(error)}`);
        this.recover();
      }
      unfolded = [];
      unfoldedGroups.clear();
    };
    for (const step of steps) {
      switch (step.kind) {
        case 'reply':
          replies.push(this.reply(step.message, step.inReplyTo, step.fields));
          break;
        case 'init':
          this.nodeId = step.request.nodeId;
          replies.push(this.reply(step.message, step.request.msgId, { type: 'init_ok' }));
          break;
        case 'commit':
          if (appendFailure !== undefined) {
            replies.push(this.reply(step.message, step.msgId, appendFailure));
            break;
          }
          unfolded.push(step.record);
          unfoldedGroups.add(step.record.key.group);
          replies.push(this.reply(step.message, step.msgId, { type: 'commit_offset_ok' }));
          break;
        case 'fetch': {
          const { group, topic, partition, msgId } = step.request;
          if (unfoldedGroups.has(group)) foldPending();
          const committed = findOffset(this.table, group, topic, partition);
          replies.push(this.reply(step.message, msgId, { type: 'fetch_offset_ok', offset: committed?.offset ?? 0 }));
          break;
        }
      }
    }
    foldPending();
    return replies;
  }

  private reply(request: Envelope, inReplyTo: number | undefined, fields: ReplyFields): string {
    // Until init names this node, answer as whatever the request was addressed to.
    return encodeReply(this.nodeId ?? request.dest, request.src, inReplyTo, this.nextMsgId++, fields);
  }
}

/** An error reply, addressed to the request's msg_id when it has a usable one. */
function errorStep(message: Envelope, code: ErrorCodeValue, text: string): Step {
  const msgId = message.body.msg_id;
  return { kind: 'reply', message, inReplyTo: Number.isSafeInteger(msgId) ? msgId : undefined, fields: errorFields(code, text) };
}

function abbreviate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}... (${line.length} characters)` : line;
}
