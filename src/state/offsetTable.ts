import { hashString, hashTopicPartition } from './hashKey.js';
import { trieForEach, trieGet, type TrieNode } from './hashTrie.js';

/**
 * One committed offset. A class instance, so immer treats it as a value and never drafts
 * it: a commit replaces the whole object instead of proxying and copying it.
 */
export class CommittedOffset {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** hashTopicPartition(topic, partition): where the offset sits in its group's trie. */
    readonly hash: number,
    readonly offset: number,
    readonly commitTimestamp: number,
    readonly metadata: string | undefined,
  ) {
    Object.freeze(this);
  }
}

/** A group and its offsets, keyed by (topic, partition) in a trie of their own. */
export interface GroupOffsets {
  readonly group: string;
  /** hashString(group): where the group sits in the table's trie. */
  readonly hash: number;
  readonly offsets: TrieNode<CommittedOffset>;
}

/**
 * The materialized view of `__consumer_offsets`: groups in a hash trie, each holding its
 * offsets in a hash trie. Always equal to the fold of the log (see reducer.ts).
 */
export interface OffsetTable {
  readonly groups: TrieNode<GroupOffsets> | undefined;
}

export function initialTable(): OffsetTable {
  return { groups: undefined };
}

export function findGroup(table: OffsetTable, group: string): GroupOffsets | undefined {
  return trieGet(table.groups, hashString(group), (candidate) => candidate.group === group);
}

export function findOffset(table: OffsetTable, group: string, topic: string, partition: number): CommittedOffset | undefined {
  const groupOffsets = findGroup(table, group);
  if (groupOffsets === undefined) return undefined;
  return trieGet(
    groupOffsets.offsets,
    hashTopicPartition(topic, partition),
    (candidate) => candidate.partition === partition && candidate.topic === topic,
  );
}

/** A group's offsets ordered by topic, then partition. */
export function listGroupOffsets(groupOffsets: GroupOffsets): CommittedOffset[] {
  const offsets: CommittedOffset[] = [];
  trieForEach(groupOffsets.offsets, (offset) => offsets.push(offset));
  return offsets.sort(compareTopicPartition);
}

/** Every group, ordered by name. */
export function listGroups(table: OffsetTable): GroupOffsets[] {
  const groups: GroupOffsets[] = [];
  trieForEach(table.groups, (group) => groups.push(group));
  return groups.sort((a, b) => compareStrings(a.group, b.group));
}

export interface OffsetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly commitTimestamp: number;
  readonly metadata: string | undefined;
}

/** The whole table as rows ordered by group, topic, partition: its canonical form. */
export function tableRows(table: OffsetTable): OffsetRow[] {
  const rows: OffsetRow[] = [];
  for (const groupOffsets of listGroups(table)) {
    for (const { topic, partition, offset, commitTimestamp, metadata } of listGroupOffsets(groupOffsets)) {
      rows.push({ group: groupOffsets.group, topic, partition, offset, commitTimestamp, metadata });
    }
  }
  return rows;
}

function compareTopicPartition(a: CommittedOffset, b: CommittedOffset): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
