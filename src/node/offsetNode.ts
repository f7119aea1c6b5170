import { Cluster } from '../cluster/cluster.js';
import type { ReplyAddress } from '../cluster/forwarder.js';
import type { DataLog } from '../log/data/dataLog.js';
import { MemoryDataLog } from '../log/data/memoryDataLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { decodeMessage } from '../protocol/decodeMessage.js';
import { encodeReply } from '../protocol/encodeReply.js';
import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { Init } from '../requests/init.js';
import { initialTable, type OffsetTable } from '../state/offsetTable.js';
import { admit, answered, type Admitted } from './admitted.js';
import { Retention } from './retention.js';
import { Sequencer } from './sequencer.js';

/** A cluster node's msg_ids start at the time its init came, in these units (see join). */
const MSG_IDS_PER_MS = 1000;

/** How long a forwarded request waits for its owner when OffsetNodeOptions say nothing. */
export const DEFAULT_FORWARD_TIMEOUT_MS = 1000;

export interface OffsetNodeOptions {
  readonly log: OffsetLog;
  /** The data logs sends append to; a new one in memory when absent. */
  readonly dataLog?: DataLog;
  /** The table the logs lead to (foldLog of them); empty when absent. */
  readonly table?: OffsetTable;
  /** Stamps commit records and decides expiry; injectable so tests and replays are deterministic. */
  readonly clock?: () => number;
  /** Offsets whose last commit is older than this expire (Kafka's offsets.retention); off when absent. */
  readonly retentionMs?: number | undefined;
  /** In a cluster, how long a request forwarded to its owner waits for the answer. */
  readonly forwardTimeoutMs?: number | undefined;
  /** False: forwards are given up only by the clock, as input comes (a replay); a live node also uses timers. */
  readonly forwardTimers?: boolean;
  /** The msg_id of the node's first message: the count goes on from messages sent before the node started. */
  readonly firstMsgId?: number;
  /** Where diagnostics go (stderr in the real node). */
  readonly logger?: (line: string) => void;
}

/**
 * The node without its I/O: lines in, reply lines out. It takes each line in (see admitted.ts),
 * leaves ordering to the sequencer, and addresses each reply: its `src` is the name init gave the
 * node (the request's `dest` until then), its `msg_id` counts every message the node sends, from 0
 * (in a cluster, from the time of init: see join).
 * In a cluster (init names more than one node) it also sends messages of its own, to its peers
 * and to clients, through what `connect` gave it: forwarded requests and their relayed answers.
 */
export class OffsetNode {
  private readonly sequencer: Sequencer;
  private readonly retention: Retention;
  private readonly clock: () => number;
  private readonly logger: (line: string) => void;
  private readonly forwardTimeoutMs: number;
  private readonly forwardTimers: boolean;
  private nodeId: string | undefined;
  private nextMsgId: number;
  private cluster: Cluster | undefined;
  /** What the first init said: the node's name and cluster for good. */
  private named: Init | undefined;
  private send: (lines: readonly string[]) => void = () => this.logger('a cluster node has nowhere to send its messages: it was never connected');
  /** The node's own lines not yet handed to `send`: whatever one turn produces leaves in one write. */
  private outbox: string[] = [];
  /** Parts of forwarded requests this node owns itself, handed back in as a peer's would be. */
  private ownParts: string[] = [];
  private ownPartsAnswering: Promise<unknown> = Promise.resolve();

  constructor(options: OffsetNodeOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? (() => {});
    this.forwardTimeoutMs = options.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
    this.forwardTimers = options.forwardTimers ?? true;
    this.nextMsgId = options.firstMsgId ?? 0;
    const dataLog = options.dataLog ?? new MemoryDataLog();
    this.retention = new Retention(options.retentionMs, dataLog);
    this.sequencer = new Sequencer({
      log: options.log,
      dataLog,
      table: options.table ?? initialTable(),
      retention: this.retention,
      encode: (message, reply) => this.encode(message, reply),
      logger: this.logger,
    });
  }

  /** The table with every request answered so far applied. */
  get offsetTable(): OffsetTable {
    return this.sequencer.current;
  }

  /** Where the node's own messages go (forwards, relayed answers), written as they come. */
  connect(send: (lines: readonly string[]) => void): void {
    this.send = send;
  }

  /**
   * The replies to a batch of lines, in order; a line that is not a message is skipped (and said
   * on the logger). A batch may be handed in while earlier ones still wait on the disk.
   */
  handleLines(lines: readonly string[]): Promise<string[]> {
    // One clock reading per batch: a recorded run stamps the batch, and a replay decides with that stamp.
    const now = this.clock();
    this.cluster?.giveUpDue(now);
    const messages: Admitted[] = [];
    // Writes decided on admission do not read the table, only the clock.
    const view = this.retention.view(this.sequencer.current, now);
    for (let index = 0; index < lines.length; index++) {
      const message = admit(lines[index] as string, view, this.logger, this.cluster);
      if (message === undefined) continue;
      const refusal = message.init === undefined ? undefined : this.join(message.init);
      messages.push(refusal === undefined ? message : answered(message.src, message.dest, message.inReplyTo, refusal));
    }
    const replies = messages.length === 0 ? Promise.resolve([]) : this.sequencer.submit(messages, now);
    if (this.ownParts.length > 0) this.answerOwnParts();
    // Before handleLines returns, so that a runner sees at once whether stdout took them.
    this.flushOwn();
    return replies;
  }

  /** Settles once every part this node owns of the requests it forwarded so far is answered. */
  async ownPartsAnswered(): Promise<void> {
    let answered: Promise<unknown>;
    do {
      answered = this.ownPartsAnswering;
      await answered;
    } while (answered !== this.ownPartsAnswering);
  }

  /** Once input has ended: waits for the parts this node answers itself, then answers every forward still waiting. */
  async finish(): Promise<void> {
    await this.ownPartsAnswered();
    this.cluster?.giveUpWaiting('before input ended');
  }

  /** A reply line of the node's own, addressed as every reply is (for an answer outside the node's requests). */
  encodeOwn(dest: string, inReplyTo: number | undefined, reply: ReplyFields, srcUntilNamed: string): string {
    return encodeReply(this.nodeId ?? srcUntilNamed, dest, inReplyTo, this.nextMsgId++, reply);
  }

  private encode(message: Admitted, reply: ReplyFields): string {
    if (message.init !== undefined) this.nodeId = message.init.nodeId;
    return encodeReply(this.nodeId ?? message.dest, message.src, message.inReplyTo, this.nextMsgId++, reply);
  }

  /**
   * Init names the node and its cluster; a cluster of one (or one init does not count this node in)
   * forwards nothing. The same init again changes nothing; one that renames the node or changes its
   * cluster is refused, as ownership follows node_ids and the node's logs hold its share of them.
   */
  private join(init: Init): ReplyFields | undefined {
    const { nodeId, nodeIds } = init;
    if (this.named !== undefined) {
      if (this.named.nodeId === nodeId && JSON.stringify(this.named.nodeIds) === JSON.stringify(nodeIds)) return undefined;
      return errorFields(
        ErrorCode.preconditionFailed,
        `init named this node ${JSON.stringify(this.named.nodeId)} of ${JSON.stringify(this.named.nodeIds)} already; another init cannot rename it or change its cluster (ownership follows node_ids)`,
      );
    }
    this.named = init;
    if (nodeIds.length < 2 || !nodeIds.includes(nodeId)) {
      if (nodeIds.length > 1) this.logger(`init names this node ${nodeId}, which node_ids ${JSON.stringify(nodeIds)} leave out: it answers every request itself`);
      return undefined;
    }
    // A restarted node counts again, and a peer may still answer what its previous run forwarded:
    // its count starts past every msg_id that run can have used (it sent fewer than a thousand a
    // millisecond on average), so such an answer never matches a forward of this run.
    this.nextMsgId = Math.max(this.nextMsgId, this.clock() * MSG_IDS_PER_MS);
    this.cluster = new Cluster(nodeId, nodeIds, {
      timeoutMs: this.forwardTimeoutMs,
      timers: this.forwardTimers,
      logger: this.logger,
      sendTo: (dest, body) => this.sendTo(nodeId, dest, body),
      answer: (client, fields) => this.answerClient(nodeId, client, fields),
    });
    return undefined;
  }

  private sendTo(self: string, dest: string, body: Record<string, unknown>): number {
    const msgId = this.nextMsgId++;
    const line = JSON.stringify({ src: self, dest, body: { ...body, msg_id: msgId } });
    if (dest === self) this.ownParts.push(line);
    else this.post(line);
    return msgId;
  }

  private answerClient(self: string, client: ReplyAddress, fields: ReplyFields): void {
    this.post(encodeReply(self, client.src, client.inReplyTo, this.nextMsgId++, fields));
  }

  private post(line: string): void {
    if (this.outbox.push(line) === 1) queueMicrotask(() => this.flushOwn());
  }

  private flushOwn(): void {
    if (this.outbox.length === 0) return;
    const lines = this.outbox;
    this.outbox = [];
    this.send(lines);
  }

  /** Answers the parts this node owns of requests it forwarded, and takes the answers as a peer's. */
  private answerOwnParts(): void {
    const lines = this.ownParts;
    this.ownParts = [];
    const answered = this.handleLines(lines).then((replies) => {
      for (const reply of replies) {
        const decoded = decodeMessage(reply);
        if (decoded.ok) this.cluster?.takeReply(decoded.message.src, decoded.message.body);
      }
    });
    this.ownPartsAnswering = Promise.all([this.ownPartsAnswering, answered]);
  }
}
