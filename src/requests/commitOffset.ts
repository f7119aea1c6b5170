import { commitRecord } from '../log/format/offsetRecord.js';
import { optionalMetadata, requireIndex, requireName } from '../protocol/fieldValidators.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { WriteHandler } from './requestHandler.js';

/**
 * The task's commit:
 *   {"type": "commit_offset", "msg_id", "group", "topic", "partition", "offset", "metadata"?}
 *   -> {"type": "commit_offset_ok"}
 * One record; the last commit wins, also one that moves the offset backwards.
 */
export interface CommitOffset {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | undefined;
}

const OK: ReplyFields = { type: 'commit_offset_ok' };

export const commitOffset: WriteHandler<CommitOffset> = {
  kind: 'write',
  type: 'commit_offset',
  decidesFromTable: false,
  // Field by field with literal names: this is the hot path.
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    topic: requireName(body['topic'], 'topic'),
    partition: requireIndex(body['partition'], 'partition'),
    offset: requireIndex(body['offset'], 'offset'),
    metadata: optionalMetadata(body['metadata']),
  }),
  decide: (request, { now }) => ({
    records: [commitRecord(request.group, request.topic, request.partition, request.offset, now, request.metadata)],
    reply: OK,
  }),
};
