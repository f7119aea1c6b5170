import { Immer } from 'immer';
import type { DataPosition } from '../log/data/dataRecord.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import { hashString, hashTopicPartition } from './hashKey.js';
import { trieSet, type Edit } from './hashTrie.js';
import { setLogEnd, type LogEndTrie } from './logEnds.js';
import { RootDraft } from './rootDraft.js';
import { CommittedOffset, GROUP_ROOT_BITS, GroupOffsets, GroupTrie, groupIn, groupRootSlot, initialTable, offsetIn, type OffsetTable } from './offsetTable.js';

/**
 * The reducer's own immer, with auto-freeze off: freezing would make every later copy of the
 * table's root slow (see BENCHMARKS.md, "Choices"). Immutability is kept by the types instead
 * (every table type is readonly) and checked by the reducer tests, which keep old tables and
 * compare them after later updates.
 */
const immer = new Immer({ autoFreeze: false });

/**
 * The table as a recipe writes it: each root's slots are written through immer's draft of that
 * root (see RootDraft), and `current` is the table as it stands, for reads between writes.
 */
export interface TableDraft {
  readonly groups: RootDraft<GroupTrie>;
  readonly logEnds: RootDraft<LogEndTrie>;
  readonly current: OffsetTable;
}

/**
 * A record of either log: `__consumer_offsets` (its key an object) or a data log (its key a string;
 * of a data record only its position matters to the table).
 */
export type LogRecord = OffsetRecord | DataPosition;

/**
 * The rule that turns `__consumer_offsets` into the offset table (the "evolve" of event sourcing):
 * - the last commit of a key wins, also one that moves its offset backwards (a consumer that seeks back);
 * - a tombstone (a null value) deletes the key; one for a key that is not there changes nothing;
 * - a group with no offsets left disappears;
 * - a data record moves its key's log end to the record's offset + 1.
 * It is pure: it depends on the table and the record alone (a timestamp the table keeps comes from
 * the record). The root slot it changes is written through the draft; below the root, the group's
 * tries are persistent values, copied along one path (or, for branches this batch made, changed in place).
 */
export function evolve(table: TableDraft, record: LogRecord, batch: Edit): void {
  if (typeof record.key === 'string') {
    setLogEnd(table.logEnds, record.key, (record as DataPosition).offset + 1, batch);
    return;
  }
  evolveOffsets(table, record as OffsetRecord, batch);
}

function evolveOffsets(table: TableDraft, record: OffsetRecord, batch: Edit): void {
  const { group, topic, partition } = record.key;
  const groupHash = hashString(group);
  const slotIndex = groupRootSlot(groupHash);
  const slot = table.groups.get(slotIndex);
  const current = groupIn(slot, groupHash, group);
  const partitionHash = hashTopicPartition(topic, partition);
  const value = record.value;
  const next = value === null ? undefined : new CommittedOffset(topic, partition, partitionHash, value.offset, value.commitTimestamp, value.metadata);
  const offsets = trieSet(current?.offsets, partitionHash, offsetIn(current?.offsets, partitionHash, topic, partition), next, 0, batch);
  if (offsets === current?.offsets) return;
  const nextGroup = offsets === undefined ? undefined : current === undefined ? new GroupOffsets(group, groupHash, offsets, batch) : current.withOffsets(offsets, batch);
  const root = trieSet(slot?.root, groupHash, current, nextGroup, GROUP_ROOT_BITS, batch);
  if (root !== slot?.root) table.groups.set(slotIndex, root === undefined ? undefined : new GroupTrie(root));
}

/**
 * One `produce` over the table: `recipe` writes through the draft, and gets the batch token under
 * which the tries below the root may change what this batch itself made (see `Edit` in
 * hashTrie.ts). The token is never used again once produce returns, which is what makes every
 * branch it made immutable from then on. If the recipe throws, the table is left as it was.
 */
export function produceTable(table: OffsetTable, recipe: (draft: TableDraft, batch: Edit) => void): OffsetTable {
  const batch: Edit = {};
  return immer.produce(table, (draft) => {
    // The roots' drafts are read from the table's draft once, not once per record: every read
    // through a draft is a trap. Their type is immer's mapped Draft; the slots hold their own classes.
    const groups = new RootDraft(draft.groups as unknown as (GroupTrie | undefined)[], table.groups);
    const logEnds = new RootDraft(draft.logEnds as unknown as (LogEndTrie | undefined)[], table.logEnds);
    const current: OffsetTable = {
      get groups() {
        return groups.slots;
      },
      get logEnds() {
        return logEnds.slots;
      },
    };
    recipe({ groups, logEnds, current }, batch);
  });
}

/** The table a sequence of records leads to: `records.reduce(evolve, from)`, as one produce. */
export function fold(records: Iterable<LogRecord>, from: OffsetTable = initialTable()): OffsetTable {
  return produceTable(from, (draft, batch) => {
    for (const record of records) evolve(draft, record, batch);
  });
}

/**
 * The table whole logs lead to, as one produce: how a node restarts, and rebuilds after a reducer
 * failure. A data record only moves its key's end, so of a data log only each key's last record
 * counts, and the two logs' records need no common order.
 */
export function foldLog(
  log: { forEachRecord(visit: (record: OffsetRecord) => void): void },
  from: OffsetTable = initialTable(),
  dataLog?: { forEachEnd(visit: (key: string, end: number) => void): void },
): OffsetTable {
  return produceTable(from, (draft, batch) => {
    log.forEachRecord((record) => evolve(draft, record, batch));
    dataLog?.forEachEnd((key, end) => evolve(draft, { key, offset: end - 1 }, batch));
  });
}

/** The table with a data log's ends folded in, as one produce: what a node starts from beside its offsets. */
export function foldDataLog(dataLog: { forEachEnd(visit: (key: string, end: number) => void): void }, from: OffsetTable): OffsetTable {
  return produceTable(from, (draft, batch) => dataLog.forEachEnd((key, end) => evolve(draft, { key, offset: end - 1 }, batch)));
}
