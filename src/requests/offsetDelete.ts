import { tombstoneRecord } from '../log/offsetRecord.js';
import { errorFields, ErrorCode } from '../protocol/errorCodes.js';
import { requireName, requireObjects } from '../protocol/fieldValidators.js';
import { findGroup, listGroupOffsets } from '../state/offsetTable.js';
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
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    partitions: requireObjects(body, 'partitions', '', 1).map(({ item, path }) => parseTopicPartition(item, path)),
  }),
  decide: (request, { table, isLive }) => {
    const found = findGroup(table, request.group);
    const live = found === undefined ? [] : listGroupOffsets(found).filter(isLive);
    if (live.length === 0) {
      return { records: [], reply: errorFields(ErrorCode.keyDoesNotExist, `offset_delete: no such group ${JSON.stringify(request.group)} (it has no committed offsets)`) };
    }
    const wanted = new Set(request.partitions.map(({ topic, partition }) => JSON.stringify([topic, partition])));
    const deleted = live.filter(({ topic, partition }) => wanted.has(JSON.stringify([topic, partition])));
    return {
      records: deleted.map(({ topic, partition }) => tombstoneRecord(request.group, topic, partition)),
      reply: { type: 'offset_delete_ok', deleted: deleted.length },
    };
  },
};
