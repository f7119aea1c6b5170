import { decodeMessage } from '../protocol/decodeMessage.js';
import { encodeReply } from '../protocol/encodeReply.js';
import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { Init } from '../requests/init.js';
import { parseRequest } from '../requests/registry.js';
import type { LineHandler } from './stdioNode.js';
import { initInLine, type InitLine } from './initLine.js';
import type { OffsetNode } from './offsetNode.js';

/**
 * What init decides before the node answers it: the node, with logs chosen by its name (a data
 * directory per node, a stream per node), once it may serve the share init gives it. Rejects
 * when it may not; `firstMsgId` is where the node's message count goes on from.
 */
export type StartAtInit = (named: Init, firstMsgId: number) => Promise<OffsetNode>;

export interface InitGateOptions {
  /** A node already running (its logs opened at start): it answers lines before init itself. */
  readonly before?: OffsetNode | undefined;
  readonly start: StartAtInit;
  /** The node may not start: its init has been answered with an error; input should end with `error`. */
  readonly onRefused: (error: Error) => void;
  readonly logger: (line: string) => void;
  /**
   * Holds the node's clock as it reads now, for a batch that waits; the function it returns sets
   * the clock back to that reading as the batch is handed on. A recorded run's clock is the stamp
   * of the last batch recorded, so a batch kept waiting while the logs open is still decided at
   * its own stamp, as its replay decides it.
   */
  readonly holdClock?: () => () => void;
}

/**
 * Holds the node back until init names it. Lines before init go to the running node when there is
 * one, and otherwise get code 11 (nothing happened; send init first). From init on, every batch goes
 * to the node, in the order batches came.
 */
export class InitGate implements LineHandler {
  private node: OffsetNode | undefined;
  /** Batches handed in before the node started, still to be handed on, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private sentBeforeInit = 0;
  private refused = false;
  private send: ((lines: readonly string[]) => void) | undefined;

  constructor(private readonly options: InitGateOptions) {}

  connect(send: (lines: readonly string[]) => void): void {
    this.send = send;
    this.options.before?.connect(send);
  }

  async finish(): Promise<void> {
    await this.queue;
    await this.node?.finish();
  }

  handleLines(lines: readonly string[]): Promise<string[]> {
    if (this.node !== undefined && this.queued === 0) return this.node.handleLines(lines);
    this.queued++;
    const restoreClock = this.options.holdClock?.();
    const replies = this.queue.then(() => this.handleInOrder(lines, restoreClock)).finally(() => this.queued--);
    this.queue = replies.catch(() => {});
    return replies;
  }

  private async handleInOrder(lines: readonly string[], restoreClock: (() => void) | undefined): Promise<string[]> {
    if (this.node !== undefined) {
      restoreClock?.();
      return this.node.handleLines(lines);
    }
    if (this.refused) return [];
    const at = lines.findIndex((line) => initInLine(line) !== undefined);
    const early = at < 0 ? lines : lines.slice(0, at);
    const replies = early.length === 0 ? [] : await this.answerBeforeInit(early);
    if (at < 0) return replies;
    const line = lines[at] as string;
    const named = initInLine(line) as InitLine;
    try {
      const node = await this.options.start(named.init, this.options.before === undefined ? this.sentBeforeInit : 0);
      if (this.send !== undefined && node !== this.options.before) node.connect(this.send);
      this.node = node;
    } catch (error) {
      this.refused = true;
      this.options.logger(`refusing to start: ${(error as Error).message}`);
      replies.push(this.refusal(named, error as Error));
      this.options.onRefused(error as Error);
      return replies;
    }
    // The logs took a while to open: other batches may have been stamped meanwhile.
    restoreClock?.();
    for (const reply of await this.node.handleLines(lines.slice(at))) replies.push(reply);
    return replies;
  }

  private answerBeforeInit(lines: readonly string[]): Promise<string[]> | string[] {
    if (this.options.before !== undefined) return this.options.before.handleLines(lines);
    const replies: string[] = [];
    for (const line of lines) {
      const decoded = decodeMessage(line);
      if (!decoded.ok) {
        this.options.logger(`skipped a line that is not a message (${decoded.reason})`);
        continue;
      }
      const { src, dest, body } = decoded.message;
      const parsed = parseRequest(body);
      const fields = parsed.ok
        ? errorFields(ErrorCode.temporarilyUnavailable, `the node opens its logs when init names it: send init before ${JSON.stringify(body.type)}`)
        : errorFields(parsed.code, parsed.text);
      replies.push(encodeReply(dest, src, msgIdOf(body.msg_id), this.sentBeforeInit++, fields));
    }
    return replies;
  }

  private refusal({ src, dest, msgId }: InitLine, error: Error): string {
    const fields = errorFields(ErrorCode.crash, `this node cannot start: ${error.message}`);
    if (this.options.before !== undefined) return this.options.before.encodeOwn(src, msgId, fields, dest);
    return encodeReply(dest, src, msgId, this.sentBeforeInit++, fields);
  }
}

function msgIdOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
