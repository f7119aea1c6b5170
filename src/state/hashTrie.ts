/**
 * A persistent hash trie (a HAMT): updates return a new root and leave the old one whole.
 *
 * - A branch holds a 32-bit bitmap of the slots in use (5 bits of a key's hash pick the slot)
 *   and an array of just those children, so a group with a few partitions holds a few slots
 *   and an update copies a few, not 32. An update copies the branches on one root-to-leaf
 *   path and shares every other branch with the old version (path copying).
 * - A leaf is any non-array object that carries its key's `hash`; it is an immutable value,
 *   replaced whole.
 * - After 30 bits of hash, keys that still collide share a bucket: an array of leaves
 *   scanned in order.
 *
 * Branches are class instances, so immer treats them as values and never drafts them: the
 * table's recipe writes a new root into its draft, which costs one proxy write, where a
 * drafted branch costs a proxy and a finalization each (the reason tries here are not drafted).
 */
export interface HashedLeaf {
  readonly hash: number;
}

export type TrieNode<L extends HashedLeaf> = L | Bucket<L> | CompactBranch<L>;
export type Bucket<L extends HashedLeaf> = readonly L[];

/** A branch holding only its present children, in slot order; `bitmap` has a bit set per present slot. */
export class CompactBranch<L extends HashedLeaf> {
  constructor(
    readonly bitmap: number,
    readonly children: readonly TrieNode<L>[],
    /** The edit that created this branch; only that edit may change it in place (see `Edit`). */
    readonly edit: Edit | undefined = undefined,
  ) {}
}

/**
 * One batch of updates, as a token (Clojure's transients): a branch created under an edit is
 * not yet shared with any other version of the trie, so later updates of the same edit change
 * it in place instead of copying it again. Once the batch's result is handed out, its edit is
 * never used again and every branch is immutable from then on. Without an edit, every update
 * copies its path.
 */
export type Edit = object;

/** The mutable view of a branch its own edit may change. */
interface OwnedBranch<L extends HashedLeaf> {
  bitmap: number;
  readonly children: TrieNode<L>[];
}

const BITS = 5;
const MASK = (1 << BITS) - 1;
const BUCKET_SHIFT = 30;

/**
 * What sits where `hash` leads: the one leaf there (whose key the caller must still compare),
 * a bucket of leaves whose hashes all agree, or undefined. It takes no matcher, so a caller
 * on the hot path compares keys inline and allocates nothing (see offsetTable.ts).
 */
export function trieLookup<L extends HashedLeaf>(root: TrieNode<L> | undefined, hash: number, startShift = 0): L | Bucket<L> | undefined {
  let node: TrieNode<L> | undefined = root;
  let shift = startShift;
  while (node instanceof CompactBranch) {
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
    shift += BITS;
  }
  return node;
}

/**
 * The trie with `current` (found by `trieLookup` for this `hash`, or undefined when the key is
 * absent) replaced by `next` (undefined removes it), by path copying; under `edit`, branches that
 * edit created are changed in place instead. The leaf is found by identity, so no key is
 * compared and no matcher is needed.
 */
export function trieSet<L extends HashedLeaf>(
  node: TrieNode<L> | undefined,
  hash: number,
  current: L | undefined,
  next: L | undefined,
  shift = 0,
  edit?: Edit,
): TrieNode<L> | undefined {
  if (next === current) return node;
  if (node === undefined) return next;
  if (node instanceof CompactBranch) return branchSet(node, hash, current, next, shift, edit);
  if (isBucket(node)) return bucketSet(node, current, next);
  if (node === current) return next;
  if (current !== undefined) throw notInTrie();
  return next === undefined ? node : join(node, next, shift, edit);
}

/** `current` must be where its hash leads; anything else is a caller's bug, not a state to repair. */
function notInTrie(): Error {
  return new Error('trieSet: the leaf to replace is not where its hash leads in this trie');
}

function branchSet<L extends HashedLeaf>(
  node: CompactBranch<L>,
  hash: number,
  current: L | undefined,
  nextLeaf: L | undefined,
  shift: number,
  edit: Edit | undefined,
): TrieNode<L> | undefined {
  const bit = 1 << ((hash >>> shift) & MASK);
  const present = (node.bitmap & bit) !== 0;
  const position = popcount(node.bitmap & (bit - 1));
  const child = present ? node.children[position] : undefined;
  const next = trieSet(child, hash, current, nextLeaf, shift + BITS, edit);
  if (next === child) return node;
  const owned = edit !== undefined && node.edit === edit;
  const children = owned ? (node.children as TrieNode<L>[]) : node.children.slice();
  if (next === undefined) children.splice(position, 1);
  else if (present) children[position] = next;
  else children.splice(position, 0, next);
  // A removal here or below may leave one leaf, or nothing: fold it up, so the trie keeps
  // the shape it would have had if the removed key had never been there.
  if (children.length === 0) return undefined;
  const only = children[0] as TrieNode<L>;
  if (children.length === 1 && !isBranch(only)) return only;
  const bitmap = next === undefined ? node.bitmap & ~bit : node.bitmap | bit;
  if (!owned) return new CompactBranch(bitmap, children, edit);
  (node as unknown as OwnedBranch<L>).bitmap = bitmap;
  return node;
}

/** Buckets are rare (a 30-bit collision) and tiny: always copied. */
function bucketSet<L extends HashedLeaf>(bucket: Bucket<L>, current: L | undefined, next: L | undefined): TrieNode<L> | undefined {
  const index = current === undefined ? -1 : bucket.indexOf(current);
  if (current !== undefined && index === -1) throw notInTrie();
  const copy = bucket.slice();
  if (next === undefined) copy.splice(index, 1);
  else if (index === -1) copy.push(next);
  else copy[index] = next;
  return copy.length > 1 ? copy : copy[0];
}

/** A new branch (or, past the last level, a bucket) holding two leaves whose hashes agree below `shift`. */
function join<L extends HashedLeaf>(first: L, second: L, shift: number, edit: Edit | undefined): TrieNode<L> {
  if (shift >= BUCKET_SHIFT) return [first, second];
  const firstIndex = (first.hash >>> shift) & MASK;
  const secondIndex = (second.hash >>> shift) & MASK;
  if (firstIndex === secondIndex) return new CompactBranch(1 << firstIndex, [join(first, second, shift + BITS, edit)], edit);
  return new CompactBranch((1 << firstIndex) | (1 << secondIndex), firstIndex < secondIndex ? [first, second] : [second, first], edit);
}

/** Set bits in a 32-bit number. */
function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function isBranch<L extends HashedLeaf>(node: TrieNode<L>): boolean {
  return node instanceof CompactBranch || isBucket(node);
}

export function isBucket<L extends HashedLeaf>(node: TrieNode<L>): node is Bucket<L> {
  return Array.isArray(node);
}

/** Visits every leaf, in trie order (callers sort when they need an order). */
export function trieForEach<L extends HashedLeaf>(root: TrieNode<L> | undefined, visit: (leaf: L) => void): void {
  if (root === undefined) return;
  if (root instanceof CompactBranch) {
    for (const child of root.children) trieForEach(child, visit);
  } else if (isBucket(root)) {
    for (const leaf of root) visit(leaf);
  } else {
    visit(root);
  }
}
