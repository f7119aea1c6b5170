import type { DataLog } from '../log/data/dataLog.js';
import { MemoryDataLog } from '../log/data/memoryDataLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { encodeReply } from '../protocol/encodeReply.js';
import type { ReplyFields } from '../protocol/messages.js';
import { initialTable, type OffsetTable } from '../state/offsetTable.js';
import { admit, type Admitted } from './admitted.js';
import { Retention } from './retention.js';
import { Sequencer } from './sequencer.js';

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
  /** Where diagnostics go (stderr in the real node). */
  readonly logger?: (line: string) => void;
}

/**
 * The node without its I/O: lines in, reply lines out. It takes each line in (see admitted.ts),
 * leaves ordering to the sequencer, and addresses each reply: its `src` is the name init gave the
 * node (the request's `dest` until then), its `msg_id` counts every message the node sends, from 0.
 */
export class OffsetNode {
  private readonly sequencer: Sequencer;
  private readonly retention: Retention;
  private readonly clock: () => number;
  private readonly logger: (line: string) => void;
  private nodeId: string | undefined;
  private nextMsgId = 0;

  constructor(options: OffsetNodeOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? (() => {});
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

  /**
   * The replies to a batch of lines, in order; a line that is not a message is skipped (and said
   * on the logger). A batch may be handed in while earlier ones still wait on the disk.
   */
  handleLines(lines: readonly string[]): Promise<string[]> {
    // One clock reading per batch: a recorded run stamps the batch, and a replay decides with that stamp.
    const now = this.clock();
    const messages: Admitted[] = [];
    // Writes decided on admission do not read the table, only the clock.
    const view = this.retention.view(this.sequencer.current, now);
    for (let index = 0; index < lines.length; index++) {
      const message = admit(lines[index] as string, view, this.logger);
      if (message !== undefined) messages.push(message);
    }
    return messages.length === 0 ? Promise.resolve([]) : this.sequencer.submit(messages, now);
  }

  private encode(message: Admitted, reply: ReplyFields): string {
    if (message.nodeId !== undefined) this.nodeId = message.nodeId;
    return encodeReply(this.nodeId ?? message.dest, message.src, message.inReplyTo, this.nextMsgId++, reply);
  }
}
