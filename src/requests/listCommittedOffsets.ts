import { FieldError, requireStringArray } from '../protocol/fieldValidators.js';
import { findOffset } from '../state/offsetTable.js';
import { groupOr } from './keyOffsets.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Maelstrom's kafka workload offset read:
 *   {"type": "list_committed_offsets", "msg_id", "keys": [key, ...], "group"?}
 *   -> {"type": "list_committed_offsets_ok", "offsets": {key: offset, ...}}
 * The committed offset of each key (topic `key`, partition 0, of `group` or the default group);
 * keys never committed (or expired) are left out.
 */
export interface ListCommittedOffsets {
  readonly group: string;
  readonly keys: readonly string[];
}

export const listCommittedOffsets: ReadHandler<ListCommittedOffsets> = {
  kind: 'read',
  type: 'list_committed_offsets',
  route: { ownedBy: 'group', name: (request) => request.group },
  parse: (body) => {
    const keys = requireStringArray(body, 'keys');
    const empty = keys.indexOf('');
    if (empty >= 0) throw new FieldError(`keys[${empty}] must be a non-empty string, got "" (string)`);
    return { group: groupOr(body['group'], 'group'), keys };
  },
  answer: (request, { table, isLive }) => {
    const found: [string, number][] = [];
    for (const key of request.keys) {
      const committed = findOffset(table, request.group, key, 0);
      if (committed !== undefined && isLive(committed)) found.push([key, committed.offset]);
    }
    // fromEntries defines each key as an own property, so a key named __proto__ is one like any other.
    return { type: 'list_committed_offsets_ok', offsets: Object.fromEntries(found) };
  },
};
