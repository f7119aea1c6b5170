import { commitRecord, tombstoneRecord, type OffsetRecord } from '../log/format/offsetRecord.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { errorFields } from '../protocol/encodeReply.js';
import type { ReplyFields, Request, TopicFilter } from '../protocol/messages.js';
import { findGroup, findOffset, listGroupOffsets, listGroups, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';

/** What a request's decision needs: the table as it stands, the batch's clock and what counts as expired. */
export interface DecideContext {
  readonly table: OffsetTable;
  readonly now: number;
  readonly isLive: (offset: CommittedOffset) => boolean;
}

/**
 * What the node does with one request (the "decide" of event sourcing):
 * - write: append these records, then reply (or, if the append fails, an error);
 * - read: answer from the table once every earlier write to these groups is folded in;
 * - reply: answer now, touching nothing.
 */
export type Decision =
  | { readonly kind: 'write'; readonly records: readonly OffsetRecord[]; readonly reply: ReplyFields }
  | { readonly kind: 'read'; readonly request: ReadRequest }
  | { readonly kind: 'reply'; readonly reply: ReplyFields };

type NodeRequest = Exclude<Request, { type: 'init' }>;
export type ReadRequest = Extract<Request, { type: 'fetch_offset' | 'offset_fetch' | 'list_groups' }>;

const COMMIT_OFFSET_OK: ReplyFields = { type: 'commit_offset_ok' };
const OFFSET_COMMIT_OK: ReplyFields = { type: 'offset_commit_ok' };

/**
 * Requests decided from the table itself (what to delete, whether a group exists): they must
 * see every earlier request applied, so the node decides them at the start of a round.
 */
export function decidesFromTable(request: Request): boolean {
  return request.type === 'offset_delete' || request.type === 'delete_groups';
}

export function decideRequest(request: NodeRequest, context: DecideContext): Decision {
  switch (request.type) {
    case 'commit_offset':
      return {
        kind: 'write',
        records: [commitRecord(request.group, request.topic, request.partition, request.offset, context.now, request.metadata)],
        reply: COMMIT_OFFSET_OK,
      };
    case 'offset_commit':
      return {
        kind: 'write',
        records: request.offsets.map((commit) => commitRecord(request.group, commit.topic, commit.partition, commit.offset, context.now, commit.metadata)),
        reply: OFFSET_COMMIT_OK,
      };
    case 'fetch_offset':
    case 'offset_fetch':
    case 'list_groups':
      return { kind: 'read', request };
    case 'offset_delete': {
      const live = liveOffsets(context, request.group);
      if (live.length === 0) return { kind: 'reply', reply: errorFields(ErrorCode.keyDoesNotExist, `offset_delete: no such group ${JSON.stringify(request.group)} (it has no committed offsets)`) };
      const wanted = new Set(request.partitions.map(({ topic, partition }) => JSON.stringify([topic, partition])));
      const deleted = live.filter(({ topic, partition }) => wanted.has(JSON.stringify([topic, partition])));
      return { kind: 'write', records: deleted.map(({ topic, partition }) => tombstoneRecord(request.group, topic, partition)), reply: { type: 'offset_delete_ok', deleted: deleted.length } };
    }
    case 'delete_groups': {
      const records: OffsetRecord[] = [];
      const deleted: string[] = [];
      const notFound: string[] = [];
      for (const group of request.groups) {
        const found = findGroup(context.table, group);
        const offsets = found === undefined ? [] : listGroupOffsets(found);
        if (!offsets.some(context.isLive)) {
          notFound.push(group);
          continue;
        }
        deleted.push(group);
        // Expired offsets go too: the group is gone whole, as Kafka deletes it.
        for (const { topic, partition } of offsets) records.push(tombstoneRecord(group, topic, partition));
      }
      return { kind: 'write', records, reply: { type: 'delete_groups_ok', deleted, not_found: notFound } };
    }
  }
}

/** A read's reply, from the table with every earlier write applied. */
export function answerRead(request: ReadRequest, context: DecideContext): ReplyFields {
  const { table, isLive } = context;
  switch (request.type) {
    case 'fetch_offset': {
      const committed = findOffset(table, request.group, request.topic, request.partition);
      if (committed === undefined || !isLive(committed)) return { type: 'fetch_offset_ok', offset: 0 };
      return committed.metadata === undefined
        ? { type: 'fetch_offset_ok', offset: committed.offset }
        : { type: 'fetch_offset_ok', offset: committed.offset, metadata: committed.metadata };
    }
    case 'offset_fetch':
      return { type: 'offset_fetch_ok', topics: fetchGroup(context, request.group, request.topics) };
    case 'list_groups':
      return { type: 'list_groups_ok', groups: listGroups(table).filter((group) => listGroupOffsets(group).some(isLive)).map((group) => group.group) };
  }
}

/** Tombstones for every offset whose last commit is older than the retention period. */
export function expiryRecords(context: DecideContext): OffsetRecord[] {
  const records: OffsetRecord[] = [];
  for (const group of listGroups(context.table)) {
    for (const offset of listGroupOffsets(group)) if (!context.isLive(offset)) records.push(tombstoneRecord(group.group, offset.topic, offset.partition));
  }
  return records;
}

function liveOffsets(context: DecideContext, group: string): CommittedOffset[] {
  const found = findGroup(context.table, group);
  return found === undefined ? [] : listGroupOffsets(found).filter(context.isLive);
}

function fetchGroup({ table, isLive }: DecideContext, group: string, topics: readonly TopicFilter[] | undefined): unknown[] {
  const found = findGroup(table, group);
  if (found === undefined) return [];
  const filters = topics === undefined ? undefined : new Map(topics.map((filter) => [filter.topic, filter.partitions === undefined ? undefined : new Set(filter.partitions)]));
  const byTopic = new Map<string, unknown[]>();
  for (const committed of listGroupOffsets(found)) {
    if (!isLive(committed)) continue;
    if (filters !== undefined) {
      if (!filters.has(committed.topic)) continue;
      const partitions = filters.get(committed.topic);
      if (partitions !== undefined && !partitions.has(committed.partition)) continue;
    }
    const entry = committed.metadata === undefined ? { partition: committed.partition, offset: committed.offset } : { partition: committed.partition, offset: committed.offset, metadata: committed.metadata };
    const list = byTopic.get(committed.topic);
    if (list === undefined) byTopic.set(committed.topic, [entry]);
    else list.push(entry);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
