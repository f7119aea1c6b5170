import { hashString } from './hashKey.js';
import { isBucket, trieLookup, trieSet, type Edit, type TrieNode } from './hashTrie.js';
import type { RootDraft } from './rootDraft.js';

/**
 * The end of one key's data log: the offset its next message gets. A value to immer, replaced
 * whole, like CommittedOffset.
 */
export class LogEnd {
  constructor(
    readonly key: string,
    /** hashString(key): where it sits in the ends' trie. */
    readonly hash: number,
    readonly end: number,
  ) {}

  hashAt(level: number): number {
    return level === 0 ? this.hash : hashString(this.key, level);
  }
}

/** What one root slot of the ends holds: a class, so immer takes it as a value (see GroupTrie). */
export class LogEndTrie {
  constructor(readonly root: TrieNode<LogEnd>) {}
}

/** Like the groups, the ends start 4,096 wide so that many keys sit few branches down. */
export const END_ROOT_BITS = 12;
export const END_ROOT_SLOTS = 1 << END_ROOT_BITS;

/** The key's end in one root slot, given its hash. */
function endIn(slot: LogEndTrie | undefined, hash: number, key: string): LogEnd | undefined {
  if (slot === undefined) return undefined;
  let found = trieLookup(slot.root, hash, END_ROOT_BITS);
  while (found !== undefined && isBucket(found)) found = trieLookup(found.root, hashString(key, found.level));
  return found?.key === key ? found : undefined;
}

/** A key's log end in the ends' root: 0 for a key with no messages. */
export function logEndOf(ends: readonly (LogEndTrie | undefined)[], key: string): number {
  const hash = hashString(key);
  return endIn(ends[hash & (END_ROOT_SLOTS - 1)], hash, key)?.end ?? 0;
}

/** Sets a key's end, writing the one root slot it changes through `ends` (immer's draft of the root). */
export function setLogEnd(ends: RootDraft<LogEndTrie>, key: string, end: number, batch: Edit): void {
  const hash = hashString(key);
  const slotIndex = hash & (END_ROOT_SLOTS - 1);
  const slot = ends.get(slotIndex);
  const current = endIn(slot, hash, key);
  const root = trieSet(slot?.root, hash, current, new LogEnd(key, hash, end), END_ROOT_BITS, batch);
  if (root !== slot?.root) ends.set(slotIndex, root === undefined ? undefined : new LogEndTrie(root));
}
