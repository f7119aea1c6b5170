import { ClusterMember } from './clusterMember.js';
import type { Body } from './liveNode.js';

/** A line one node wrote to another, as the router saw it. */
export interface NodeMessage {
  readonly src: string;
  readonly dest: string;
  readonly body: Body;
}

/** What a cut link does with a line: loses it, or keeps it until the link heals. */
export type CutMode = 'drop' | 'hold';

/**
 * Maelstrom's network for real node processes: a line a node writes whose `dest` is a node id goes
 * to that node's stdin (unless the link is cut); any other line is a reply to a client, matched by
 * the node that wrote it, its `dest` and its `in_reply_to`. A request still waiting when its node
 * dies is answered undefined (its outcome unknown). Replies nobody waits for are kept in `strays`:
 * a sound node never sends one.
 */
export class ClusterRouter {
  /** Every node-to-node line seen, delivered or not, in the order written (unless not kept). */
  readonly nodeMessages: NodeMessage[] = [];
  /** Node-to-node lines that are requests (not answers): one per forward to an owner, kept or not. */
  forwarded = 0;
  /** Lines written to a client nobody waits for, or that are not protocol lines at all. */
  readonly strays: string[] = [];
  /** Node-to-node lines a cut link dropped or held. */
  cutOff = 0;
  private readonly members = new Map<string, ClusterMember>();
  private readonly waiting = new Map<string, (body: Body | undefined) => void>();
  private readonly held: { dest: string; line: string }[] = [];
  private cut: { node: string; mode: CutMode } | undefined;
  private readonly watchers: { wanted: (message: NodeMessage) => boolean; seen: (message: NodeMessage) => void }[] = [];
  private initMsgId = 0;

  private constructor(
    readonly nodeIds: readonly string[],
    private readonly envOf: (nodeId: string) => NodeJS.ProcessEnv,
    private readonly keepMessages: boolean,
  ) {}

  /**
   * Starts one process per node id with `env` (or `env(nodeId)`), and sends each its init.
   * `keepMessages: false` only counts node-to-node lines, for runs too long to keep them all.
   */
  static async start(
    nodeIds: readonly string[],
    env: NodeJS.ProcessEnv | ((nodeId: string) => NodeJS.ProcessEnv) = {},
    { keepMessages = true }: { keepMessages?: boolean } = {},
  ): Promise<ClusterRouter> {
    const router = new ClusterRouter(nodeIds, typeof env === 'function' ? env : () => env, keepMessages);
    for (const id of nodeIds) {
      const reply = await router.restart(id);
      if (reply?.['type'] !== 'init_ok') throw new Error(`${id} should answer init with init_ok, got ${JSON.stringify(reply)}: ${router.stderrOf(id)}`);
    }
    return router;
  }

  /**
   * Starts the process of `nodeId` afresh (its old one must be gone) and sends it init with
   * `nodeIds` (the cluster's own unless given): the init's reply, or undefined if it died first.
   */
  restart(nodeId: string, nodeIds: readonly string[] = this.nodeIds): Promise<Body | undefined> {
    if (this.members.get(nodeId)?.alive === true) throw new Error(`${nodeId} is still running`);
    const member = new ClusterMember(
      nodeId,
      this.envOf(nodeId),
      (from, line) => this.route(from, line),
      (gone) => this.forget(gone),
    );
    this.members.set(nodeId, member);
    return this.request(nodeId, 'c0', { type: 'init', msg_id: this.initMsgId++, node_id: nodeId, node_ids: [...nodeIds] });
  }

  /** The reply to `body` sent by client `src` to `nodeId`, or undefined when the node died first. */
  request(nodeId: string, src: string, body: Body & { msg_id: number }): Promise<Body | undefined> {
    const member = this.member(nodeId);
    if (!member.alive) return Promise.resolve(undefined);
    const key = replyKey(nodeId, src, body.msg_id);
    if (this.waiting.has(key)) throw new Error(`${src} already waits for a reply to msg_id ${body.msg_id} from ${nodeId}`);
    const reply = new Promise<Body | undefined>((resolve) => this.waiting.set(key, resolve));
    member.write(JSON.stringify({ src, dest: nodeId, body }));
    return reply;
  }

  /** From now on every line between `nodeId` and any other node is dropped or held, both ways. */
  isolate(nodeId: string, mode: CutMode): void {
    this.member(nodeId);
    this.cut = { node: nodeId, mode };
  }

  /** Mends the cut link, and delivers what it held, in the order it was written. */
  heal(): void {
    this.cut = undefined;
    for (const { dest, line } of this.held.splice(0)) this.member(dest).write(line);
  }

  /**
   * The first node-to-node line from now on that `wanted` accepts, once the router has it (and
   * has delivered, held or dropped it): a wait for an event, not for a time.
   */
  nodeMessage(wanted: (message: NodeMessage) => boolean): Promise<NodeMessage> {
    return new Promise((seen) => this.watchers.push({ wanted, seen }));
  }

  /** Node-to-node lines that are requests (not answers): one per forward to an owner. */
  forwards(): NodeMessage[] {
    return this.nodeMessages.filter((message) => message.body['in_reply_to'] === undefined);
  }

  stderrOf(nodeId: string): string {
    return this.member(nodeId).stderr;
  }

  kill(nodeId: string): Promise<void> {
    return this.member(nodeId).kill();
  }

  /** Ends one node's stdin; its exit code. */
  closeOne(nodeId: string): Promise<number | null> {
    return this.member(nodeId).close();
  }

  /** The exit code of `nodeId` once its process is gone. */
  exited(nodeId: string): Promise<number | null> {
    return this.member(nodeId).exited();
  }

  /** Ends every node's stdin at once; their exit codes by node id. */
  async close(): Promise<Map<string, number | null>> {
    const codes = await Promise.all(this.nodeIds.map((id) => this.member(id).close()));
    return new Map(this.nodeIds.map((id, index) => [id, codes[index] ?? null]));
  }

  /** Kills whatever is still running: for a test's cleanup after a failure. */
  async killAll(): Promise<void> {
    await Promise.all([...this.members.values()].filter((member) => member.alive).map((member) => member.kill()));
  }

  private member(nodeId: string): ClusterMember {
    const member = this.members.get(nodeId);
    if (member === undefined) throw new Error(`expected a node id of ${JSON.stringify(this.nodeIds)}, got ${JSON.stringify(nodeId)}`);
    return member;
  }

  private route(from: ClusterMember, line: string): void {
    let message: { dest?: unknown; body?: Body };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      this.strays.push(line);
      return;
    }
    const dest = String(message.dest);
    const body = message.body ?? {};
    if (this.members.has(dest)) {
      if (body['in_reply_to'] === undefined) this.forwarded++;
      const seen = { src: from.id, dest, body };
      if (this.keepMessages) this.nodeMessages.push(seen);
      this.deliver(from.id, dest, line);
      for (const watcher of this.watchers.filter(({ wanted }) => wanted(seen))) {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.seen(seen);
      }
      return;
    }
    const key = replyKey(from.id, dest, body['in_reply_to']);
    const answer = this.waiting.get(key);
    if (answer === undefined) {
      this.strays.push(line);
      return;
    }
    this.waiting.delete(key);
    answer(body);
  }

  private deliver(src: string, dest: string, line: string): void {
    if (this.cut !== undefined && (src === this.cut.node || dest === this.cut.node) && src !== dest) {
      this.cutOff++;
      if (this.cut.mode === 'hold') this.held.push({ dest, line });
      return;
    }
    this.member(dest).write(line);
  }

  private forget(gone: ClusterMember): void {
    // A restarted node's replies are matched by the same keys: only the dead process's waiters go.
    if (this.members.get(gone.id) !== gone) return;
    const prefix = `${gone.id}\u0000`;
    for (const [key, answer] of this.waiting) {
      if (!key.startsWith(prefix)) continue;
      this.waiting.delete(key);
      answer(undefined);
    }
  }
}

function replyKey(nodeId: string, client: string, msgId: unknown): string {
  return `${nodeId}\u0000${client}\u0000${String(msgId)}`;
}
