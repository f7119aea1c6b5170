/**
 * A persistent hash trie built to be edited through immer drafts.
 *
 * - A branch is a 32-slot array indexed by 5 bits of a key's hash. Immer copies a branch
 *   only when something under it changes, so an update copies the branches on one
 *   root-to-leaf path: a few arrays of 32 slots, however many keys the trie holds.
 * - A leaf is any non-array object that carries its key's `hash`. Leaves that are class
 *   instances are never drafted by immer; they are immutable values, replaced whole.
 * - After 30 bits of hash, keys that still collide share a bucket: an array of leaves
 *   scanned in order.
 *
 * Tries built by path copying (trieWith) use compact branches instead: a 32-bit bitmap of the
 * slots in use and an array of just those children (a HAMT node), so a group with a few
 * partitions holds a few slots, and a commit copies a few, not 32.
 *
 * The root lives in a field of some object (`holder[field]`), because a trie may be
 * empty, a single leaf or a branch. The update functions mutate drafts in place and
 * must only be called inside an immer recipe.
 */
export interface HashedLeaf {
  readonly hash: number;
}

export type TrieNode<L extends HashedLeaf> = L | TrieArray<L> | CompactBranch<L>;
interface TrieArray<L extends HashedLeaf> extends ReadonlyArray<TrieNode<L> | undefined> {}

/** A branch holding only its present children, in slot order; `bitmap` has a bit set per present slot. */
export class CompactBranch<L extends HashedLeaf> {
  constructor(
    readonly bitmap: number,
    readonly children: readonly TrieNode<L>[],
  ) {}
}

/** Mutable view of a draft: its slots may be written. */
type Slots = Record<PropertyKey, unknown>;

const BITS = 5;
const MASK = (1 << BITS) - 1;
const WIDTH = 1 << BITS;
const BUCKET_SHIFT = 30;

export type LeafMatcher<L> = (leaf: L) => boolean;
/** Given the current leaf (a draft, if the leaf is draftable) or undefined, returns the leaf to keep, or undefined to remove it. */
export type LeafUpdate<L> = (current: L | undefined) => L | undefined;

export function trieGet<L extends HashedLeaf>(
  root: TrieNode<L> | undefined,
  hash: number,
  matches: LeafMatcher<L>,
  startShift = 0,
): L | undefined {
  let node: TrieNode<L> | undefined = root;
  let shift = startShift;
  while (node !== undefined) {
    if (node instanceof CompactBranch) {
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))];
      shift += BITS;
      continue;
    }
    if (!isTrieArray(node)) return matches(node) ? node : undefined;
    if (shift >= BUCKET_SHIFT) return (node as readonly L[]).find(matches);
    node = node[(hash >>> shift) & MASK];
    shift += BITS;
  }
  return undefined;
}

export function trieUpdate<L extends HashedLeaf>(
  holder: object,
  field: PropertyKey,
  hash: number,
  matches: LeafMatcher<L>,
  update: LeafUpdate<L>,
  startShift = 0,
): void {
  let parent = holder as Slots;
  let slot: PropertyKey = field;
  let shift = startShift;
  for (;;) {
    const node = parent[slot] as TrieNode<L> | undefined;
    if (node === undefined) {
      const created = update(undefined);
      if (created !== undefined) parent[slot] = created;
      return;
    }
    if (node instanceof CompactBranch) {
      // A compact branch is an immutable value to immer: rebuild it by path copying.
      const next = trieWith(node, hash, matches, update, shift);
      if (next !== node) parent[slot] = next;
      if (next === undefined || !isBranch(next)) collapsePath(holder, field, hash, startShift);
      return;
    }
    if (!isTrieArray(node)) {
      if (matches(node)) {
        const next = update(node);
        if (next === undefined) {
          parent[slot] = undefined;
          collapsePath(holder, field, hash, startShift);
        } else if (next !== node) {
          parent[slot] = next;
        }
        return;
      }
      const created = update(undefined);
      if (created !== undefined) parent[slot] = joinLeaves(node, created, shift);
      return;
    }
    if (shift >= BUCKET_SHIFT) {
      updateBucket(node as unknown as L[], matches, update);
      if ((node as readonly unknown[]).length < 2) collapsePath(holder, field, hash, startShift);
      return;
    }
    parent = node as unknown as Slots;
    slot = (hash >>> shift) & MASK;
    shift += BITS;
  }
}

/**
 * The same update without drafts: returns a new root that shares every branch off the
 * updated path with the old one (path copying), and leaves the old root untouched.
 */
export function trieWith<L extends HashedLeaf>(
  node: TrieNode<L> | undefined,
  hash: number,
  matches: LeafMatcher<L>,
  update: LeafUpdate<L>,
  shift = 0,
): TrieNode<L> | undefined {
  if (node === undefined) return update(undefined);
  if (node instanceof CompactBranch) return compactWith(node, hash, matches, update, shift);
  if (!isTrieArray(node)) {
    if (matches(node)) return update(node);
    const created = update(undefined);
    return created === undefined ? node : joinCompact(node, created, shift);
  }
  if (shift >= BUCKET_SHIFT) {
    const bucket = (node as readonly L[]).slice();
    updateBucket(bucket, matches, update);
    return bucket.length > 1 ? bucket : bucket[0];
  }
  const slot = (hash >>> shift) & MASK;
  const child = node[slot];
  const next = trieWith(child, hash, matches, update, shift + BITS);
  if (next === child) return node;
  const copy = node.slice();
  copy[slot] = next;
  // Only a removal (here, or below and folded into a leaf) can leave this branch holding
  // one leaf or nothing; then it folds up too.
  const removed = next === undefined || (child !== undefined && isBranch(child) && !isBranch(next));
  if (!removed) return copy;
  const lifted = soleLeafOrEmpty(copy);
  return lifted === KEEP ? copy : (lifted as L | undefined);
}

function compactWith<L extends HashedLeaf>(
  node: CompactBranch<L>,
  hash: number,
  matches: LeafMatcher<L>,
  update: LeafUpdate<L>,
  shift: number,
): TrieNode<L> | undefined {
  const bit = 1 << ((hash >>> shift) & MASK);
  const present = (node.bitmap & bit) !== 0;
  const position = popcount(node.bitmap & (bit - 1));
  const child = present ? node.children[position] : undefined;
  const next = trieWith(child, hash, matches, update, shift + BITS);
  if (next === child) return node;
  const children = node.children.slice();
  if (next === undefined) children.splice(position, 1);
  else if (present) children[position] = next;
  else children.splice(position, 0, next);
  // A removal here or below may leave one leaf, or nothing: fold it up.
  if (children.length === 0) return undefined;
  const only = children[0] as TrieNode<L>;
  if (children.length === 1 && !isBranch(only)) return only;
  return new CompactBranch(next === undefined ? node.bitmap & ~bit : node.bitmap | bit, children);
}

/** A new compact branch (or, past the last level, a bucket) holding two leaves whose hashes agree below `shift`. */
function joinCompact<L extends HashedLeaf>(first: L, second: L, shift: number): TrieNode<L> {
  if (shift >= BUCKET_SHIFT) return [first, second];
  const firstIndex = (first.hash >>> shift) & MASK;
  const secondIndex = (second.hash >>> shift) & MASK;
  if (firstIndex === secondIndex) return new CompactBranch(1 << firstIndex, [joinCompact(first, second, shift + BITS)]);
  return new CompactBranch((1 << firstIndex) | (1 << secondIndex), firstIndex < secondIndex ? [first, second] : [second, first]);
}

/** Set bits in a 32-bit number. */
function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function isBranch<L extends HashedLeaf>(node: TrieNode<L>): boolean {
  return node instanceof CompactBranch || Array.isArray(node);
}

/** Visits every leaf, in trie order (callers sort when they need an order). */
export function trieForEach<L extends HashedLeaf>(root: TrieNode<L> | undefined, visit: (leaf: L) => void): void {
  if (root === undefined) return;
  if (root instanceof CompactBranch) {
    for (const child of root.children) trieForEach(child, visit);
    return;
  }
  if (!isTrieArray(root)) {
    visit(root);
    return;
  }
  for (const child of root) trieForEach(child, visit);
}

function isTrieArray<L extends HashedLeaf>(node: TrieNode<L>): node is TrieArray<L> {
  return Array.isArray(node);
}

function updateBucket<L extends HashedLeaf>(bucket: L[], matches: LeafMatcher<L>, update: LeafUpdate<L>): void {
  const index = bucket.findIndex(matches);
  if (index === -1) {
    const created = update(undefined);
    if (created !== undefined) bucket.push(created);
    return;
  }
  const current = bucket[index] as L;
  const next = update(current);
  if (next === undefined) bucket.splice(index, 1);
  else if (next !== current) bucket[index] = next;
}

/** A new branch (or, past the last level, a bucket) holding two leaves whose hashes agree below `shift`. */
function joinLeaves<L extends HashedLeaf>(first: L, second: L, shift: number): TrieNode<L> {
  if (shift >= BUCKET_SHIFT) return [first, second];
  const branch: (TrieNode<L> | undefined)[] = emptyBranch();
  const firstIndex = (first.hash >>> shift) & MASK;
  const secondIndex = (second.hash >>> shift) & MASK;
  if (firstIndex === secondIndex) {
    branch[firstIndex] = joinLeaves(first, second, shift + BITS);
  } else {
    branch[firstIndex] = first;
    branch[secondIndex] = second;
  }
  return branch;
}

function emptyBranch<T>(): (T | undefined)[] {
  const branch: (T | undefined)[] = [];
  for (let i = 0; i < WIDTH; i++) branch.push(undefined);
  return branch;
}

/**
 * After a removal under `hash`, folds back up the arrays left holding nothing or a single
 * leaf, so the trie keeps the shape it would have had if the key had never been there.
 */
function collapsePath(holder: object, field: PropertyKey, hash: number, startShift: number): void {
  const path: [Slots, PropertyKey][] = [];
  let parent = holder as Slots;
  let slot: PropertyKey = field;
  let shift = startShift;
  for (;;) {
    const node = parent[slot];
    if (!Array.isArray(node)) break;
    path.push([parent, slot]);
    if (shift >= BUCKET_SHIFT) break;
    parent = node as unknown as Slots;
    slot = (hash >>> shift) & MASK;
    shift += BITS;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const [arrayParent, arraySlot] = path[i] as [Slots, PropertyKey];
    const replacement = soleLeafOrEmpty(arrayParent[arraySlot] as readonly unknown[]);
    if (replacement === KEEP) return;
    arrayParent[arraySlot] = replacement;
  }
}

const KEEP = Symbol('keep');

function soleLeafOrEmpty(node: readonly unknown[]): unknown {
  let sole: unknown = undefined;
  for (const child of node) {
    if (child === undefined) continue;
    if (sole !== undefined || isBranch(child as TrieNode<HashedLeaf>)) return KEEP;
    sole = child;
  }
  return sole;
}
