import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { MessageBody, ReplyFields } from '../protocol/messages.js';
import type { AnyHandler } from '../requests/registry.js';
import { Forwarder, type ClientRequest } from './forwarder.js';
import { Ownership } from './ownership.js';

/** What the node hands the cluster as it takes each message in (see admitted.ts). */
export interface Claims {
  /** A node's answer to a request this node forwarded: taken, never answered. */
  takeReply(src: string, body: MessageBody): boolean;
  /** A client's request this node does not answer alone: sent to its owners at `now`, answered once they have. */
  takeRequest(client: ClientRequest, body: MessageBody, handler: AnyHandler, request: unknown, now: number): boolean;
}

export interface ClusterOptions {
  readonly timeoutMs: number;
  readonly timers?: boolean;
  readonly sendTo: (dest: string, body: Record<string, unknown>) => number;
  readonly answer: (client: ClientRequest, fields: ReplyFields) => void;
  readonly logger: (line: string) => void;
}

/**
 * One node's part in a cluster: which requests it answers itself, and which it forwards. A
 * request from another node is always answered here: it is a part that node sent to its owner.
 */
export class Cluster implements Claims {
  readonly ownership: Ownership;
  private readonly forwarder: Forwarder;

  constructor(
    self: string,
    nodeIds: readonly string[],
    private readonly options: ClusterOptions,
  ) {
    this.ownership = new Ownership(self, nodeIds);
    this.forwarder = new Forwarder(options);
  }

  takeReply(src: string, body: MessageBody): boolean {
    return this.ownership.isNode(src) && this.forwarder.takeReply(src, body);
  }

  takeRequest(client: ClientRequest, body: MessageBody, handler: AnyHandler, request: unknown, now: number): boolean {
    const route = handler.route;
    if (route === undefined) return false;
    const { self } = this.ownership;
    const write = handler.kind !== 'read';
    if ('ownedBy' in route) {
      const name = route.name(request);
      const owner = route.ownedBy === 'group' ? this.ownership.ofGroup(name) : this.ownership.ofKey(name);
      if (owner === self) return false;
      if (this.ownership.isNode(client.src)) {
        // Answered here, it would split a group's or key's history over two nodes.
        this.options.answer(client, errorFields(ErrorCode.temporarilyUnavailable, `${body.type}: ${client.src} sent ${self} a request for ${route.ownedBy} ${JSON.stringify(name)}, which node_ids ${JSON.stringify(this.ownership.nodeIds)} give to ${owner}: the nodes were started with different node_ids`));
        return true;
      }
      this.forwarder.forward({ client, type: body.type, write, parts: new Map([[owner, requestFields(body)]]) }, now);
      return true;
    }
    // A part another node sent: the whole of it is this node's.
    if (this.ownership.isNode(client.src)) return false;
    const parts = route.split(request, this.ownership);
    if (parts.size === 0 || (parts.size === 1 && parts.has(self))) return false;
    this.forwarder.forward({ client, type: body.type, write, parts, merge: (replies) => route.merge(request, replies, this.ownership) }, now);
    return true;
  }

  /** Gives up the forwards whose time is up at `now`, before input stamped `now` is taken in. */
  giveUpDue(now: number): void {
    this.forwarder.giveUpDue(now);
  }

  /** Answers every forward still waiting: input has ended, so no answer can come. */
  giveUpWaiting(): void {
    this.forwarder.giveUpAll();
  }
}

/** A client's request body as sent on: the sender stamps its own msg_id, and it answers nothing. */
function requestFields(body: MessageBody): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field in body) if (field !== 'msg_id' && field !== 'in_reply_to') fields[field] = body[field];
  return fields;
}
