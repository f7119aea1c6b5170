import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetLog } from '../../src/log/offsetLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import type { LineHandler } from '../../src/node/stdioNode.js';
import { RecordingHandler } from '../../src/replay/recordingHandler.js';
import { requestLine } from './requestLines.js';

export interface Envelope {
  readonly src: string;
  readonly dest: string;
  readonly body: Record<string, unknown>;
}

/**
 * Nodes in one process, wired as Maelstrom's network wires them: a line whose `dest` is a node
 * goes to that node, any other is a client's reply. Delivery is in the test's hands: `settle`
 * runs the network until nothing is in flight, and `hold` keeps the lines between two nodes
 * back (a cut link) until `release` hands them on, or forever.
 */
export class InProcessCluster {
  readonly nodes = new Map<string, OffsetNode>();
  /** What lines are handed to: the node, or a recorder around it. */
  private readonly handlers = new Map<string, LineHandler>();
  private readonly recorders: RecordingHandler[] = [];
  readonly clientReplies: Envelope[] = [];
  /** Lines between nodes, counted as they pass (or are held). */
  nodeToNode = 0;
  private inFlight = new Set<Promise<unknown>>();
  private readonly held: [string, string][] = [];
  private cutOff: string | undefined;

  constructor(
    readonly nodeIds: readonly string[],
    options: { logs?: (id: string) => OffsetLog; forwardTimeoutMs?: number; clock?: () => number; record?: (id: string) => string } = {},
  ) {
    const clock = options.clock ?? (() => 1700000000000);
    for (const id of nodeIds) {
      const node = new OffsetNode({ log: options.logs?.(id) ?? new MemoryLog(), clock, forwardTimeoutMs: options.forwardTimeoutMs ?? 60_000 });
      const path = options.record?.(id);
      const handler = path === undefined ? node : new RecordingHandler(node, path, { forwardTimeoutMs: options.forwardTimeoutMs }, clock);
      if (handler instanceof RecordingHandler) this.recorders.push(handler);
      handler.connect?.((lines) => this.route(lines));
      this.nodes.set(id, node);
      this.handlers.set(id, handler);
    }
    nodeIds.forEach((id, index) => this.deliver(id, requestLine('init', index, { node_id: id, node_ids: nodeIds }, { src: 'c0', dest: id })));
  }

  /** Sends a client's line to the node its `dest` names. */
  deliver(dest: string, line: string): void {
    const answered = (this.handlers.get(dest) as LineHandler).handleLines([line]).then((replies) => this.route(replies));
    this.inFlight.add(answered);
    void answered.finally(() => this.inFlight.delete(answered));
  }

  /** Lines between `node` and every other node are held from now on. */
  cut(node: string): void {
    this.cutOff = node;
  }

  /** Heals the cut, handing on what it held. */
  heal(): void {
    this.cutOff = undefined;
    for (const [dest, line] of this.held.splice(0)) this.deliver(dest, line);
  }

  /** Ends every node's input: each answers what it still owes, and its transcript is closed. */
  async finish(): Promise<void> {
    await this.settle();
    for (const handler of this.handlers.values()) await handler.finish?.();
    for (const recorder of this.recorders) recorder.close();
  }

  async settle(): Promise<void> {
    do {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      // A node answers its own parts of a forward off to the side; what they send lands in inFlight.
      for (const node of this.nodes.values()) await node.ownPartsAnswered();
    } while (this.inFlight.size > 0);
  }

  /** Sends one request and waits until the network is quiet; the client's replies to it. */
  async request(dest: string, line: string): Promise<Envelope[]> {
    await this.settle();
    const from = this.clientReplies.length;
    this.deliver(dest, line);
    await this.settle();
    return this.clientReplies.slice(from);
  }

  private route(lines: readonly string[]): void {
    for (const line of lines) {
      const message = JSON.parse(line) as Envelope;
      if (!this.nodes.has(message.dest)) {
        this.clientReplies.push(message);
        continue;
      }
      this.nodeToNode++;
      if (this.cutOff !== undefined && message.src !== message.dest && (message.src === this.cutOff || message.dest === this.cutOff)) this.held.push([message.dest, line]);
      else this.deliver(message.dest, line);
    }
  }
}
