import { stringsIn } from '../cluster/answerFields.js';
import { compareStrings, listGroups as groupsOf, someOffset } from '../state/offsetTable.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Kafka's ListGroups: every group with a committed offset, sorted by name.
 *   {"type": "list_groups", "msg_id"} -> {"type": "list_groups_ok", "groups": [name, ...]}
 */
export const listGroups: ReadHandler<undefined> = {
  kind: 'read',
  type: 'list_groups',
  parse: () => undefined,
  // Every node holds only the groups it owns, so every node is asked.
  route: {
    everyNode: true,
    split: (_request, owners) => new Map(owners.nodeIds.map((owner) => [owner, { type: 'list_groups' }])),
    merge: (_request, replies) => ({
      type: 'list_groups_ok',
      groups: [...replies.values()].flatMap((reply) => stringsIn(reply, 'groups')).sort(compareStrings),
    }),
  },
  answer: (_request, { table, isLive }) => ({
    type: 'list_groups_ok',
    groups: groupsOf(table)
      .filter((group) => someOffset(group, isLive))
      .map((group) => group.group),
  }),
};
