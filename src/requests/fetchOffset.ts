import { requireIndex, requireName } from '../protocol/fieldValidators.js';
import { findOffset } from '../state/offsetTable.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * The task's fetch:
 *   {"type": "fetch_offset", "msg_id", "group", "topic", "partition"}
 *   -> {"type": "fetch_offset_ok", "offset", "metadata"?}
 * A never-committed (or expired) offset fetches 0, as the task says; `metadata` only when one was committed.
 */
export interface FetchOffset {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
}

export const fetchOffset: ReadHandler<FetchOffset> = {
  kind: 'read',
  type: 'fetch_offset',
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    topic: requireName(body['topic'], 'topic'),
    partition: requireIndex(body['partition'], 'partition'),
  }),
  answer: (request, { table, isLive }) => {
    const committed = findOffset(table, request.group, request.topic, request.partition);
    if (committed === undefined || !isLive(committed)) return { type: 'fetch_offset_ok', offset: 0 };
    return committed.metadata === undefined
      ? { type: 'fetch_offset_ok', offset: committed.offset }
      : { type: 'fetch_offset_ok', offset: committed.offset, metadata: committed.metadata };
  },
};
