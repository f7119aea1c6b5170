import { stringsIn } from '../cluster/answerFields.js';
import { tombstoneRecord, type OffsetRecord } from '../log/format/offsetRecord.js';
import type { ReplyFields } from '../protocol/messages.js';
import { requireNameArray } from '../protocol/fieldValidators.js';
import { findGroup, listGroupOffsets } from '../state/offsetTable.js';
import type { WriteHandler } from './requestHandler.js';

/**
 * Kafka's DeleteGroups: tombstones for every offset of each group named.
 *   {"type": "delete_groups", "msg_id", "groups": [name, ...]}
 *   -> {"type": "delete_groups_ok", "deleted": [name, ...], "not_found": [name, ...]}
 * A group whose offsets have all expired is not found; a group that is found goes whole, expired offsets too.
 */
export interface DeleteGroups {
  readonly groups: readonly string[];
}

export const deleteGroups: WriteHandler<DeleteGroups> = {
  kind: 'write',
  type: 'delete_groups',
  decidesFromTable: true,
  parse: (body) => ({ groups: [...new Set(requireNameArray(body, 'groups'))] }),
  route: {
    split: (request, owners) => {
      const parts = new Map<string, string[]>();
      for (const group of request.groups) {
        const owner = owners.ofGroup(group);
        const part = parts.get(owner);
        if (part === undefined) parts.set(owner, [group]);
        else part.push(group);
      }
      return new Map([...parts].map(([owner, groups]) => [owner, { type: 'delete_groups', groups }]));
    },
    // In the request's order, as a single node lists them.
    merge: (request, replies, owners) => {
      const deleted: string[] = [];
      const notFound: string[] = [];
      for (const group of request.groups) {
        const wasDeleted = stringsIn(replies.get(owners.ofGroup(group)) as ReplyFields, 'deleted').includes(group);
        (wasDeleted ? deleted : notFound).push(group);
      }
      return { type: 'delete_groups_ok', deleted, not_found: notFound };
    },
  },
  decide: (request, { table, isLive }) => {
    const records: OffsetRecord[] = [];
    const deleted: string[] = [];
    const notFound: string[] = [];
    for (const group of request.groups) {
      const found = findGroup(table, group);
      const offsets = found === undefined ? [] : listGroupOffsets(found);
      if (!offsets.some(isLive)) {
        notFound.push(group);
        continue;
      }
      deleted.push(group);
      for (const { topic, partition } of offsets) records.push(tombstoneRecord(group, topic, partition));
    }
    return { records, reply: { type: 'delete_groups_ok', deleted, not_found: notFound } };
  },
};
