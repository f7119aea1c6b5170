import { tombstoneRecord } from '../log/format/offsetRecord.js';
import { errorFields, ErrorCode } from '../protocol/errorCodes.js';
import { requireName, requireObjects } from '../protocol/fieldValidators.js';
import { hashTopicPartition } from '../state/hashKey.js';
import { compareTopicPartition, findGroup, offsetIn, someOffset, type CommittedOffset } from '../state/offsetTable.js';
import { parseTopicPartition, type TopicPartition } from './partitionFields.js';
import type { WriteHandler } from './requestHandler.js';

/**
 * Kafka's OffsetDelete: tombstones for the named offsets of a group that exist.
 *   {"type": "offset_delete", "msg_id", "group", "partitions": [{"topic", "partition"}, ...]}
 *   -> {"type": "offset_delete_ok", "deleted": n}, or code 20 when the group has no committed offsets.
 */
export interface OffsetDelete {
  readonly group: string;
  readonly partitions: readonly TopicPartition[];
}

export const offsetDelete: WriteHandler<OffsetDelete> = {
  kind: 'write',
  type: 'offset_delete',
  decidesFromTable: true,
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    partitions: requireObjects(body, 'partitions', '', 1).map(({ item, path }) => parseTopicPartition(item, path)),
  }),
  decide: (request, { table, isLive }) => {
    const found = findGroup(table, request.group);
    if (found === undefined || !someOffset(found, isLive)) {
      return { records: [], reply: errorFields(ErrorCode.keyDoesNotExist, `offset_delete: no such group ${JSON.stringify(request.group)} (it has no committed offsets)`) };
    }
    // Each named partition is looked up, so the work follows the request, not the group's size.
    const deleted = new Set<CommittedOffset>();
    for (const { topic, partition } of request.partitions) {
      const committed = offsetIn(found.offsets, hashTopicPartition(topic, partition), topic, partition);
      if (committed !== undefined && isLive(committed)) deleted.add(committed);
    }
    return {
      records: [...deleted].sort(compareTopicPartition).map(({ topic, partition }) => tombstoneRecord(request.group, topic, partition)),
      reply: { type: 'offset_delete_ok', deleted: deleted.size },
    };
  },
};
