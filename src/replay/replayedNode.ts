import type { DataLog } from '../log/data/dataLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { InitGate } from '../node/initGate.js';
import { OffsetNode } from '../node/offsetNode.js';
import type { LineHandler } from '../node/stdioNode.js';
import type { OffsetTable } from '../state/offsetTable.js';
import { foldLog } from '../state/reducer.js';
import type { RecordedConfig } from './transcript.js';

/**
 * One session's node as a replay runs it: the node of the run, on the recorded clock and settings,
 * one line at a time, with what it sends of its own (a cluster node's forwards and relayed answers)
 * given back with the replies of the line that made it send them. A run whose logs opened at init
 * is replayed behind the same gate, so lines before init get the same code 11.
 */
export class ReplayedNode {
  /** The recorded time of the line being replayed. */
  now = 0;
  private node: OffsetNode | undefined;
  private readonly handler: LineHandler;
  private readonly sent: string[] = [];
  private readonly startTable: OffsetTable;

  constructor(log: OffsetLog, dataLog: DataLog, config: RecordedConfig) {
    this.startTable = foldLog(log, undefined, dataLog);
    const start = (firstMsgId: number): OffsetNode => {
      const node = new OffsetNode({
        log,
        dataLog,
        table: this.startTable,
        clock: () => this.now,
        retentionMs: config.retentionMs,
        forwardTimeoutMs: config.forwardTimeoutMs,
        firstMsgId,
        // A cluster node gives up on a forward by the recorded clock, exactly where the run did.
        forwardTimers: false,
      });
      node.connect((lines) => this.sent.push(...lines));
      this.node = node;
      return node;
    };
    this.handler = config.opensAtInit === true ? new InitGate({ start: (_named, firstMsgId) => Promise.resolve(start(firstMsgId)), onRefused: () => {}, logger: () => {} }) : start(0);
  }

  get offsetTable(): OffsetTable {
    return this.node?.offsetTable ?? this.startTable;
  }

  /** What the node answers to `line`, and what it sent of its own meanwhile. */
  async answer(line: string): Promise<string[]> {
    const answers = await this.handler.handleLines([line]);
    await this.node?.ownPartsAnswered();
    return this.sent.length === 0 ? answers : [...answers, ...this.sent.splice(0)];
  }

  /** Once input has ended: what the node still owes (a cluster node's forwards that got no answer). */
  async finish(): Promise<string[]> {
    await this.handler.finish?.();
    return this.sent.splice(0);
  }
}
