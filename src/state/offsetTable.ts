import { hashString, hashTopicPartition } from './hashKey.js';
import { isBucket, trieForEach, trieLookup, type Edit, type TrieNode } from './hashTrie.js';

/**
 * One committed offset. A class instance, so immer treats it as a value and never drafts
 * it: a commit replaces the whole object instead of proxying and copying it. Not frozen:
 * Object.freeze took 7% of a batched fold (753 -> 704 ns a record at 1k keys), and the
 * readonly fields already keep every writer out at compile time.
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
}

/** 2^23: splits any timestamp up to 2^53 into two parts below 2^30, V8's smallest small integer bound. */
const TIMESTAMP_SPLIT = 2 ** 23;

/**
 * A group and its offsets, keyed by (topic, partition) in a trie of their own. Also a value
 * to immer: a commit builds a new GroupOffsets by path copying its offsets trie (or, within
 * the batch that created it, changes it in place), and the table's draft gets a new root slot.
 */
export class GroupOffsets {
  constructor(
    readonly group: string,
    /** hashString(group): where the group sits in the table's trie. */
    readonly hash: number,
    readonly offsets: TrieNode<CommittedOffset>,
    /** The edit that created it, which alone may change it in place (see `Edit` in hashTrie.ts). */
    readonly edit: Edit | undefined = undefined,
  ) {}
}

/**
 * The materialized view of `__consumer_offsets`: groups in a hash trie, each holding its
 * offsets in a hash trie. Always equal to the fold of the log (see reducer.ts).
 */
export interface OffsetTable {
  /** GROUP_ROOT_SLOTS tries, one per value of a group hash's low GROUP_ROOT_BITS bits. */
  readonly groups: readonly (TrieNode<GroupOffsets> | undefined)[];
}

/**
 * The groups trie starts 4,096 wide, so a million groups sit two levels of branches down
 * rather than four, and a commit copies two small branches rather than four. The root is the
 * one array immer drafts: copying its 32 KiB once per batch costs far less than the levels.
 */
export const GROUP_ROOT_BITS = 12;
const GROUP_ROOT_SLOTS = 1 << GROUP_ROOT_BITS;

export function groupRootSlot(groupHash: number): number {
  return groupHash & (GROUP_ROOT_SLOTS - 1);
}

export function initialTable(): OffsetTable {
  return { groups: new Array<undefined>(GROUP_ROOT_SLOTS).fill(undefined) };
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
 * every request, and a closure per lookup was garbage on every one of them.
 */

/** The group in one root slot's trie, given its hash. */
export function groupIn(root: TrieNode<GroupOffsets> | undefined, hash: number, group: string): GroupOffsets | undefined {
  const found = trieLookup(root, hash, GROUP_ROOT_BITS);
  if (found === undefined) return undefined;
  if (isBucket(found)) return found.leaves.find((candidate) => candidate.group === group);
  return found.group === group ? found : undefined;
}

/** A partition's committed offset in a group's offsets trie, given hashTopicPartition(topic, partition). */
export function offsetIn(offsets: TrieNode<CommittedOffset> | undefined, hash: number, topic: string, partition: number): CommittedOffset | undefined {
  const found = trieLookup(offsets, hash);
  if (found === undefined) return undefined;
  if (isBucket(found)) return found.leaves.find((candidate) => candidate.partition === partition && candidate.topic === topic);
  return found.partition === partition && found.topic === topic ? found : undefined;
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
  for (const root of table.groups) trieForEach(root, (group) => groups.push(group));
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
