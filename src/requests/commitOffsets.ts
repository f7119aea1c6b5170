import { commitRecord } from '../log/format/offsetRecord.js';
import type { ReplyFields } from '../protocol/messages.js';
import { groupOr, requireKeyOffsets } from './keyOffsets.js';
import type { WriteHandler } from './requestHandler.js';

/**
 * Maelstrom's kafka workload commit:
 *   {"type": "commit_offsets", "msg_id", "offsets": {key: offset, ...}, "group"?}
 *   -> {"type": "commit_offsets_ok"}
 * An ordinary commit to `__consumer_offsets`, one record per key: the key is the topic, partition
 * 0, of `group` or of the default group (see keyOffsets.ts). Last commit wins, as for commit_offset.
 */
export interface CommitOffsets {
  readonly group: string;
  readonly offsets: ReadonlyMap<string, number>;
}

const OK: ReplyFields = { type: 'commit_offsets_ok' };

export const commitOffsets: WriteHandler<CommitOffsets> = {
  kind: 'write',
  type: 'commit_offsets',
  decidesFromTable: false,
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({ group: groupOr(body['group'], 'group'), offsets: requireKeyOffsets(body['offsets'], 'offsets') }),
  decide: (request, { now }) => ({
    records: [...request.offsets].map(([key, offset]) => commitRecord(request.group, key, 0, offset, now)),
    reply: OK,
  }),
};
