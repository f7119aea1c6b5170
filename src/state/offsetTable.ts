import { hashString, hashTopicPartition } from './hashKey.js';
import { isBucket, trieForEach, trieLookup, trieSome, type Edit, type TrieNode } from './hashTrie.js';
import { END_ROOT_SLOTS, logEndOf, type LogEndTrie } from './logEnds.js';

/**
 * One committed offset. A class instance, so immer treats it as a value and never drafts
 * it: a commit replaces the whole object. Not frozen (see BENCHMARKS.md, "Choices"); its
 * readonly fields keep every writer out at compile time.
 */
export class CommittedOffset {
  /*
   * The commit timestamp, in two parts that are each a small integer: V8 keeps a field holding
   * a number that is not one (a timestamp in milliseconds is not) as a box of its own, one more
   * object per offset for the collector to trace and move.
   */
  private readonly timestampHigh: number;
  private readonly timestampLow: number;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** hashTopicPartition(topic, partition): where the offset sits in its group's trie. */
    readonly hash: number,
    readonly offset: number,
    commitTimestamp: number,
    readonly metadata: string | undefined,
  ) {
    const high = Math.floor(commitTimestamp / TIMESTAMP_SPLIT);
    this.timestampHigh = high;
    this.timestampLow = commitTimestamp - high * TIMESTAMP_SPLIT;
  }

  get commitTimestamp(): number {
    return this.timestampHigh * TIMESTAMP_SPLIT + this.timestampLow;
  }

  hashAt(level: number): number {
    return level === 0 ? this.hash : hashTopicPartition(this.topic, this.partition, level);
  }
}

/** 2^23: splits any timestamp up to 2^53 into two parts below 2^30, V8's smallest small integer bound. */
const TIMESTAMP_SPLIT = 2 ** 23;

/**
 * A group and its offsets, keyed by (topic, partition) in a persistent trie of their own. A value
 * to immer, like CommittedOffset: a commit makes a new GroupOffsets, except that within the batch
 * (edit) that made it, it is still private to that batch and is changed in place.
 */
export class GroupOffsets {
  constructor(
    readonly group: string,
    /** hashString(group): where the group sits in the table's trie. */
    readonly hash: number,
    private currentOffsets: TrieNode<CommittedOffset>,
    /** The edit that made it, which alone may change it (see `Edit` in hashTrie.ts). */
    private readonly edit: Edit | undefined,
  ) {}

  get offsets(): TrieNode<CommittedOffset> {
    return this.currentOffsets;
  }

  hashAt(level: number): number {
    return level === 0 ? this.hash : hashString(this.group, level);
  }

  /** This group with other offsets: itself, changed, when `edit` made it; a new value otherwise. */
  withOffsets(offsets: TrieNode<CommittedOffset>, edit: Edit): GroupOffsets {
    if (this.edit !== edit) return new GroupOffsets(this.group, this.hash, offsets, edit);
    this.currentOffsets = offsets;
    return this;
  }
}

/**
 * What one root slot of the table holds: the trie of the groups whose hashes fall in it. A class
 * so that immer takes it as a value: the tries' branches are arrays, and immer would draft every
 * branch a recipe read through the table's draft.
 */
export class GroupTrie {
  constructor(readonly root: TrieNode<GroupOffsets>) {}
}

/**
 * The materialized view of `__consumer_offsets`. The table and its root are what immer drafts: a
 * recipe copies the root on first write and writes each slot it changes through the draft. Below
 * the root, groups and their offsets live in persistent hash tries (hashTrie.ts).
 * Always equal to the fold of the log (see reducer.ts).
 */
export interface OffsetTable {
  /** GROUP_ROOT_SLOTS slots, one per value of a group hash's low GROUP_ROOT_BITS bits. */
  readonly groups: readonly (GroupTrie | undefined)[];
  /**
   * The data logs' ends, per key (see logEnds.ts): a second root of its own, drafted by the same
   * produce, so that a round's sends and commits become one new table and a poll is bounded by it.
   */
  readonly logEnds: readonly (LogEndTrie | undefined)[];
}

/**
 * The groups trie starts 4,096 wide, so a million groups sit two levels of branches down rather
 * than four, and a commit copies two small branches rather than four.
 */
export const GROUP_ROOT_BITS = 12;
const GROUP_ROOT_SLOTS = 1 << GROUP_ROOT_BITS;

export function groupRootSlot(groupHash: number): number {
  return groupHash & (GROUP_ROOT_SLOTS - 1);
}

export function initialTable(): OffsetTable {
  return { groups: new Array<undefined>(GROUP_ROOT_SLOTS).fill(undefined), logEnds: new Array<undefined>(END_ROOT_SLOTS).fill(undefined) };
}

/** The end of a key's data log (the offset its next message gets): 0 for a key with no messages. */
export function findLogEnd(table: OffsetTable, key: string): number {
  return logEndOf(table.logEnds, key);
}

export function findGroup(table: OffsetTable, group: string): GroupOffsets | undefined {
  const hash = hashString(group);
  return groupIn(table.groups[groupRootSlot(hash)], hash, group);
}

export function findOffset(table: OffsetTable, group: string, topic: string, partition: number): CommittedOffset | undefined {
  const groupOffsets = findGroup(table, group);
  return groupOffsets === undefined ? undefined : offsetIn(groupOffsets.offsets, hashTopicPartition(topic, partition), topic, partition);
}

/*
 * Lookups by hash, with the key compared here rather than in a matcher closure: these run on
 * every request, and a closure per lookup would be garbage on every one of them.
 */

/** The group in one root slot, given its hash. */
export function groupIn(slot: GroupTrie | undefined, hash: number, group: string): GroupOffsets | undefined {
  if (slot === undefined) return undefined;
  let found = trieLookup(slot.root, hash, GROUP_ROOT_BITS);
  while (found !== undefined && isBucket(found)) found = trieLookup(found.root, hashString(group, found.level));
  return found?.group === group ? found : undefined;
}

/** A partition's committed offset in a group's offsets trie, given hashTopicPartition(topic, partition). */
export function offsetIn(offsets: TrieNode<CommittedOffset> | undefined, hash: number, topic: string, partition: number): CommittedOffset | undefined {
  let found = trieLookup(offsets, hash);
  while (found !== undefined && isBucket(found)) found = trieLookup(found.root, hashTopicPartition(topic, partition, found.level));
  return found !== undefined && found.partition === partition && found.topic === topic ? found : undefined;
}

/** A group's offsets ordered by topic, then partition. */
export function listGroupOffsets(groupOffsets: GroupOffsets): CommittedOffset[] {
  const offsets: CommittedOffset[] = [];
  trieForEach(groupOffsets.offsets, (offset) => offsets.push(offset));
  return offsets.sort(compareTopicPartition);
}

/** Whether any of a group's offsets passes `test`: stops at the first, and sorts nothing. */
export function someOffset(groupOffsets: GroupOffsets, test: (offset: CommittedOffset) => boolean): boolean {
  return trieSome(groupOffsets.offsets, test);
}

/** Every group, ordered by name. */
export function listGroups(table: OffsetTable): GroupOffsets[] {
  const groups: GroupOffsets[] = [];
  for (const slot of table.groups) if (slot !== undefined) trieForEach(slot.root, (group) => groups.push(group));
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

export function compareTopicPartition(a: CommittedOffset, b: CommittedOffset): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
