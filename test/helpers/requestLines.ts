/**
 * Request lines as a client sends them, one builder per request type, and the bodies of the
 * replies: the one place tests spell the wire format of a request. Defaults: client c1, node n1,
 * topic t, partition 0.
 */

/** Who sends a request and to whom. */
export interface Route {
  readonly src?: string;
  readonly dest?: string;
}

export interface CommitOptions extends Route {
  readonly topic?: string;
  readonly metadata?: string;
}

export interface FetchOptions extends Route {
  readonly topic?: string;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

/** offset_fetch's filter: a topic alone asks for all of its partitions. */
export interface TopicFilter {
  readonly topic: string;
  readonly partitions?: readonly number[];
}

const TOPIC = 't';

/** Any request: its type, msg_id and the other fields of its body, in that order. */
export function requestLine(type: string, msgId: number, fields: Record<string, unknown> = {}, route: Route = {}): string {
  return JSON.stringify({ src: route.src ?? 'c1', dest: route.dest ?? 'n1', body: { type, msg_id: msgId, ...fields } });
}

/** The harness's init, naming the node n1 in a cluster of one. */
export const init = requestLine('init', 1, { node_id: 'n1', node_ids: ['n1'] }, { src: 'c0' });

/** commit_offset */
export const commit = (msgId: number, group: string, offset: number, partition = 0, options: CommitOptions = {}): string =>
  requestLine(
    'commit_offset',
    msgId,
    { group, topic: options.topic ?? TOPIC, partition, offset, ...(options.metadata === undefined ? {} : { metadata: options.metadata }) },
    options,
  );

/** fetch_offset */
export const fetch = (msgId: number, group: string, partition = 0, options: FetchOptions = {}): string =>
  requestLine('fetch_offset', msgId, { group, topic: options.topic ?? TOPIC, partition }, options);

/** offset_commit: several offsets of one group, all or nothing. */
export const offsetCommit = (msgId: number, group: string, offsets: readonly PartitionOffset[], route: Route = {}): string =>
  requestLine('offset_commit', msgId, { group, offsets }, route);

/** offset_fetch: the whole group without topics, else only the topics (and partitions) named. */
export const offsetFetch = (msgId: number, group: string, topics?: readonly TopicFilter[], route: Route = {}): string =>
  requestLine('offset_fetch', msgId, { group, ...(topics === undefined ? {} : { topics }) }, route);

/** offset_delete of the partitions named. */
export const offsetDelete = (msgId: number, group: string, partitions: readonly TopicPartition[], route: Route = {}): string =>
  requestLine('offset_delete', msgId, { group, partitions }, route);

/** offset_delete of one partition of topic t, the counterpart of commit and fetch. */
export const remove = (msgId: number, group: string, partition = 0): string => offsetDelete(msgId, group, [{ topic: TOPIC, partition }]);

/** delete_groups */
export const deleteGroups = (msgId: number, groups: readonly string[], route: Route = {}): string => requestLine('delete_groups', msgId, { groups }, route);

/** list_groups */
export const listGroups = (msgId: number, route: Route = {}): string => requestLine('list_groups', msgId, {}, route);

export function bodies(replies: readonly string[]): Record<string, unknown>[] {
  return replies.map((reply) => (JSON.parse(reply) as { body: Record<string, unknown> }).body);
}

/** send (Maelstrom's kafka workload) */
export const send = (msgId: number, key: string, msg: unknown, route: Route = {}): string => requestLine('send', msgId, { key, msg }, route);

/** poll: offsets by key, in the order given */
export const poll = (msgId: number, offsets: readonly (readonly [string, number])[], route: Route = {}): string =>
  requestLine('poll', msgId, { offsets: Object.fromEntries(offsets) }, route);

/** commit_offsets: offsets by key, of the default group unless one is given */
export const commitOffsets = (msgId: number, offsets: readonly (readonly [string, number])[], group?: string, route: Route = {}): string =>
  requestLine('commit_offsets', msgId, { offsets: Object.fromEntries(offsets), ...(group === undefined ? {} : { group }) }, route);

/** list_committed_offsets */
export const listCommitted = (msgId: number, keys: readonly string[], group?: string, route: Route = {}): string =>
  requestLine('list_committed_offsets', msgId, { keys, ...(group === undefined ? {} : { group }) }, route);
