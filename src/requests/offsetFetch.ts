import { requireIndexes, requireName, requireObjects } from '../protocol/fieldValidators.js';
import { findGroup, listGroupOffsets } from '../state/offsetTable.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Kafka's OffsetFetch: a group's committed offsets, of every topic or of the ones named.
 *   {"type": "offset_fetch", "msg_id", "group", "topics"?: [{"topic", "partitions"?: [n, ...]}, ...]}
 *   -> {"type": "offset_fetch_ok", "topics": [{"topic", "partitions": [{"partition", "offset", "metadata"?}, ...]}, ...]}
 * Sorted by topic, then partition; empty for an unknown group. Offsets never committed are left out.
 */
export interface OffsetFetch {
  readonly group: string;
  /** Only these topics, and within a topic only these partitions (all when absent). */
  readonly topics: readonly TopicFilter[] | undefined;
}

interface TopicFilter {
  readonly topic: string;
  readonly partitions: readonly number[] | undefined;
}

const absent = (value: unknown): boolean => value === undefined || value === null;

export const offsetFetch: ReadHandler<OffsetFetch> = {
  kind: 'read',
  type: 'offset_fetch',
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => ({
    group: requireName(body['group'], 'group'),
    topics: absent(body['topics'])
      ? undefined
      : requireObjects(body, 'topics').map(({ item, path }) => ({
          topic: requireName(item['topic'], 'topic', path),
          partitions: absent(item['partitions']) ? undefined : requireIndexes(item, 'partitions', path),
        })),
  }),
  answer: (request, { table, isLive }) => {
    const found = findGroup(table, request.group);
    if (found === undefined) return { type: 'offset_fetch_ok', topics: [] };
    const filters = request.topics === undefined ? undefined : new Map(request.topics.map((filter) => [filter.topic, filter.partitions === undefined ? undefined : new Set(filter.partitions)]));
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
    return { type: 'offset_fetch_ok', topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
  },
};
