import { listGroups as groupsOf, someOffset } from '../state/offsetTable.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Kafka's ListGroups: every group with a committed offset, sorted by name.
 *   {"type": "list_groups", "msg_id"} -> {"type": "list_groups_ok", "groups": [name, ...]}
 */
export const listGroups: ReadHandler<undefined> = {
  kind: 'read',
  type: 'list_groups',
  parse: () => undefined,
  answer: (_request, { table, isLive }) => ({
    type: 'list_groups_ok',
    groups: groupsOf(table)
      .filter((group) => someOffset(group, isLive))
      .map((group) => group.group),
  }),
};
