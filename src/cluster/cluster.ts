import { bodyFields } from '../protocol/bodyFields.js';
import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { MessageBody, ReplyFields } from '../protocol/messages.js';
import type { AnyHandler } from '../requests/registry.js';
import type { OwnedBy } from '../requests/requestHandler.js';
import { Forwarder, type ReplyAddress } from './forwarder.js';
import { Ownership } from './ownership.js';

/** What the node hands the cluster as it takes each message in (see admitted.ts). */
export interface Claims {
  /** A node's answer to a request this node forwarded: taken, never answered. */
  takeReply(src: string, body: MessageBody): boolean;
  /** A request this node does not answer itself: sent to its owners at `now` and answered once they have; from another node, refused. */
  takeRequest(client: ReplyAddress, body: MessageBody, handler: AnyHandler, request: unknown, now: number): boolean;
}

export interface ClusterOptions {
  readonly timeoutMs: number;
  readonly timers?: boolean;
  readonly sendTo: (dest: string, body: Record<string, unknown>) => number;
  readonly answer: (client: ReplyAddress, fields: ReplyFields) => void;
  readonly logger: (line: string) => void;
}

/**
 * One node's part in a cluster: which requests it answers itself, and which it forwards. A
 * request from another node is a part that node sent to its owner: answered here, or refused
 * when this node's node_ids give it to another.
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

  takeRequest(client: ReplyAddress, body: MessageBody, handler: AnyHandler, request: unknown, now: number): boolean {
    const route = handler.route;
    if (route === undefined) return false;
    const { self } = this.ownership;
    const split = !('ownedBy' in route);
    const parts = split ? route.split(request, this.ownership) : new Map([[this.ownerOf(route, request), bodyFields(body)]]);
    if (parts.size === 0 || (parts.size === 1 && parts.has(self))) return false;
    if (this.ownership.isNode(client.src)) {
      // A part another node sent: its own node's, unless the nodes disagree on node_ids.
      if (split && route.everyNode === true) return false;
      // Answered here, it would split a group's or key's history over two nodes.
      const owners = [...parts.keys()].filter((owner) => owner !== self);
      this.options.answer(client, errorFields(ErrorCode.temporarilyUnavailable, `${body.type}: ${client.src} sent ${self} a request for what node_ids ${JSON.stringify(this.ownership.nodeIds)} give to ${owners.join(', ')}: the nodes were started with different node_ids`));
      return true;
    }
    const write = handler.kind !== 'read';
    this.forwarder.forward({ client, type: body.type, write, parts, merge: split ? (replies) => route.merge(request, replies, this.ownership) : undefined }, now);
    return true;
  }

  private ownerOf(route: OwnedBy<unknown>, request: unknown): string {
    const name = route.name(request);
    return route.ownedBy === 'group' ? this.ownership.ofGroup(name) : this.ownership.ofKey(name);
  }

  /** Gives up the forwards whose time is up at `now`, before input stamped `now` is taken in. */
  giveUpDue(now: number): void {
    this.forwarder.giveUpDue(now);
  }

  /** Answers every forward still waiting, with `when` the answers stopped being taken. */
  giveUpWaiting(when: string): void {
    this.forwarder.giveUpAll(when);
  }
}
