import { commitRecord } from '../log/format/offsetRecord.js';
import { requireName, requireObjects } from '../protocol/fieldValidators.js';
import type { ReplyFields } from '../protocol/messages.js';
import { distinctPartitions, parsePartitionCommit, type PartitionCommit } from './partitionFields.js';
import type { WriteHandler } from './requestHandler.js';

/**
 * Kafka's OffsetCommit: many partitions of one group, all accepted or none.
 *   {"type": "offset_commit", "msg_id", "group", "offsets": [{"topic", "partition", "offset", "metadata"?}, ...]}
 *   -> {"type": "offset_commit_ok"}
 * One record per partition, in one append; a bad or repeated entry refuses the whole request.
 */
export interface OffsetCommit {
  readonly group: string;
  readonly offsets: readonly PartitionCommit[];
}

const OK: ReplyFields = { type: 'offset_commit_ok' };

export const offsetCommit: WriteHandler<OffsetCommit> = {
  kind: 'write',
  type: 'offset_commit',
  decidesFromTable: false,
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    offsets: distinctPartitions(
      requireObjects(body, 'offsets', '', 1).map(({ item, path }) => parsePartitionCommit(item, path)),
      'offsets',
    ),
  }),
  decide: (request, { now }) => ({
    records: request.offsets.map((commit) => commitRecord(request.group, commit.topic, commit.partition, commit.offset, now, commit.metadata)),
    reply: OK,
  }),
};
