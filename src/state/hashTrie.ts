/**
 * A persistent hash trie (a HAMT): updates return a new root and leave the old one whole.
 *
 * - A branch holds a 32-bit bitmap of the slots in use (5 bits of a key's hash pick the slot)
 *   and just those children, so a group with a few partitions holds a few slots and an update
 *   copies a few, not 32. An update copies the branches on one root-to-leaf path and shares
 *   every other branch with the old version (path copying).
 * - A branch is one array: the bitmap's two halves, the edit that made it, then the children.
 *   An object holding a children array was one more object for every lookup to reach and every
 *   copy to allocate: at a million keys each is a cache miss, and each copy lives long enough
 *   for the collector to move it twice.
 * - A leaf is any non-array object that carries its key's `hash`; it is an immutable value,
 *   replaced whole.
 * - Keys whose hashes agree in all 30 branch bits share a `Bucket`: a trie of its own, keyed by
 *   the leaves' hashes at the next level (each level hashes the key under a key of its own), so
 *   even keys that collide whole cost a few more levels, never a scan.
 *
 * Arrays holding objects are drafted by immer, so no branch is ever handed to a draft: the
 * table's recipe writes a new root into its draft (see reducer.ts), and the branches below
 * it stay plain values.
 */
export interface HashedLeaf {
  /** The key's hash at level 0. */
  readonly hash: number;
  /** The key's hash at a level (`hash` at 0): independent of the other levels' hashes. */
  hashAt(level: number): number;
}

export type TrieNode<L extends HashedLeaf> = L | Bucket<L> | Branch<L>;

/** Leaves whose hashes at `level - 1` agree in every branch bit: a trie by their hashes at `level`. */
export class Bucket<L extends HashedLeaf> {
  constructor(
    readonly level: number,
    readonly root: TrieNode<L>,
  ) {}
}

/** More levels than any two different keys can need: reaching it means one key was given twice. */
const MAX_LEVEL = 8;

/**
 * [bitmap & 0xffff, bitmap >>> 16, edit, ...children in slot order]; `bitmap` has a bit set per
 * present slot. The bitmap is kept in two halves so that each is a small integer, stored in the
 * array itself, on any V8: where small integers have 31 bits (pointer compression, not in Node's
 * own builds), a whole bitmap with a high bit set would be boxed.
 */
export type Branch<L extends HashedLeaf> = readonly (number | Edit | TrieNode<L> | undefined)[] & { readonly [branchLeaf]?: L };
/** A type-only mark, so that a branch of one kind of leaf is not taken for a branch of another. */
declare const branchLeaf: unique symbol;

/**
 * One batch of updates, as a token (Clojure's transients): a branch created under an edit is
 * not yet shared with any other version of the trie, so later updates of the same edit change
 * it in place instead of copying it again. Once the batch's result is handed out, its edit is
 * never used again and every branch is immutable from then on. Without an edit, every update
 * copies its path.
 */
export type Edit = object;

const BITMAP_LOW = 0;
const BITMAP_HIGH = 1;
const EDIT = 2;
/** Where a branch's children start. */
const CHILDREN = 3;

const BITS = 5;
const MASK = (1 << BITS) - 1;
const BUCKET_SHIFT = 30;

export function isBranch<L extends HashedLeaf>(node: TrieNode<L>): node is Branch<L> {
  return Array.isArray(node);
}

export function isBucket<L extends HashedLeaf>(node: TrieNode<L>): node is Bucket<L> {
  return node instanceof Bucket;
}

/** A branch's children, in slot order. */
export function branchChildren<L extends HashedLeaf>(branch: Branch<L>): TrieNode<L>[] {
  return branch.slice(CHILDREN) as TrieNode<L>[];
}

function bitmapOf<L extends HashedLeaf>(branch: Branch<L>): number {
  return (branch[BITMAP_LOW] as number) | ((branch[BITMAP_HIGH] as number) << 16);
}

/**
 * What sits where `hash` leads: the one leaf there (whose key the caller must still compare),
 * a bucket (to look into with the key's hash at the bucket's level), or undefined. It takes no
 * matcher, so a caller on the hot path compares keys inline and allocates nothing.
 */
export function trieLookup<L extends HashedLeaf>(root: TrieNode<L> | undefined, hash: number, startShift = 0): L | Bucket<L> | undefined {
  let node: TrieNode<L> | undefined = root;
  let shift = startShift;
  while (Array.isArray(node)) {
    const branch = node as Branch<L>;
    const bitmap = bitmapOf(branch);
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((bitmap & bit) === 0) return undefined;
    node = branch[CHILDREN + popcount(bitmap & (bit - 1))] as TrieNode<L>;
    shift += BITS;
  }
  return node as L | Bucket<L> | undefined;
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
  level = 0,
): TrieNode<L> | undefined {
  if (next === current) return node;
  if (node === undefined) return next;
  if (isBranch(node)) return branchSet(node, hash, current, next, shift, edit, level);
  if (isBucket(node)) return bucketSet(node, current, next, edit);
  if (node === current) return next;
  if (current !== undefined) throw notInTrie();
  return next === undefined ? node : join(node, next, shift, edit, level);
}

/** `current` must be where its hash leads; anything else is a caller's bug, not a state to repair. */
function notInTrie(): Error {
  return new Error('trieSet: the leaf to replace is not where its hash leads in this trie');
}

function branchSet<L extends HashedLeaf>(
  node: Branch<L>,
  hash: number,
  current: L | undefined,
  nextLeaf: L | undefined,
  shift: number,
  edit: Edit | undefined,
  level: number,
): TrieNode<L> | undefined {
  const bitmap = bitmapOf(node);
  const bit = 1 << ((hash >>> shift) & MASK);
  const present = (bitmap & bit) !== 0;
  const index = CHILDREN + popcount(bitmap & (bit - 1));
  const child = present ? (node[index] as TrieNode<L>) : undefined;
  const next = trieSet(child, hash, current, nextLeaf, shift + BITS, edit, level);
  if (next === child) return node;
  const owned = edit !== undefined && node[EDIT] === edit;
  const branch = (owned ? node : node.slice()) as (number | Edit | TrieNode<L> | undefined)[];
  if (next === undefined) branch.splice(index, 1);
  else if (present) branch[index] = next;
  else branch.splice(index, 0, next);
  // A removal here or below may leave one leaf, or nothing: fold it up, so the trie keeps
  // the shape it would have had if the removed key had never been there.
  const children = branch.length - CHILDREN;
  if (children === 0) return undefined;
  const only = branch[CHILDREN] as TrieNode<L>;
  if (children === 1 && !isBranch(only) && !isBucket(only)) return only;
  const nextBitmap = next === undefined ? bitmap & ~bit : bitmap | bit;
  branch[BITMAP_LOW] = nextBitmap & 0xffff;
  branch[BITMAP_HIGH] = nextBitmap >>> 16;
  branch[EDIT] = edit;
  return branch;
}

/** The set inside a bucket, by the leaves' hashes at its level; a lone leaf left is lifted out of it. */
function bucketSet<L extends HashedLeaf>(bucket: Bucket<L>, current: L | undefined, next: L | undefined, edit: Edit | undefined): TrieNode<L> | undefined {
  // current and next share their key, so either gives the hash.
  const leaf = (next ?? current) as L;
  const root = trieSet(bucket.root, leaf.hashAt(bucket.level), current, next, 0, edit, bucket.level);
  if (root === bucket.root) return bucket;
  if (root === undefined || (!isBranch(root) && !isBucket(root))) return root;
  return new Bucket(bucket.level, root);
}

/** A new branch (or, past the last branch bits, a bucket) holding two leaves whose hashes at `level` agree below `shift`. */
function join<L extends HashedLeaf>(first: L, second: L, shift: number, edit: Edit | undefined, level: number): TrieNode<L> {
  if (shift >= BUCKET_SHIFT) {
    if (level + 1 >= MAX_LEVEL) throw new Error('trieSet: two leaves whose hashes agree at every level (one key given twice?)');
    return new Bucket(level + 1, join(first, second, 0, edit, level + 1));
  }
  const firstHash = level === 0 ? first.hash : first.hashAt(level);
  const secondHash = level === 0 ? second.hash : second.hashAt(level);
  const firstIndex = (firstHash >>> shift) & MASK;
  const secondIndex = (secondHash >>> shift) & MASK;
  if (firstIndex === secondIndex) return [(1 << firstIndex) & 0xffff, (1 << firstIndex) >>> 16, edit, join(first, second, shift + BITS, edit, level)];
  const bitmap = (1 << firstIndex) | (1 << secondIndex);
  return firstIndex < secondIndex ? [bitmap & 0xffff, bitmap >>> 16, edit, first, second] : [bitmap & 0xffff, bitmap >>> 16, edit, second, first];
}

/** Set bits in a 32-bit number. */
function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Visits every leaf, in trie order (callers sort when they need an order). */
export function trieForEach<L extends HashedLeaf>(root: TrieNode<L> | undefined, visit: (leaf: L) => void): void {
  if (root === undefined) return;
  if (isBranch(root)) {
    for (let index = CHILDREN; index < root.length; index++) trieForEach(root[index] as TrieNode<L>, visit);
  } else if (isBucket(root)) {
    trieForEach(root.root, visit);
  } else {
    visit(root);
  }
}

/** Whether any leaf passes `test`, visiting leaves in trie order and stopping at the first that does. */
export function trieSome<L extends HashedLeaf>(root: TrieNode<L> | undefined, test: (leaf: L) => boolean): boolean {
  if (root === undefined) return false;
  if (isBranch(root)) {
    for (let index = CHILDREN; index < root.length; index++) if (trieSome(root[index] as TrieNode<L>, test)) return true;
    return false;
  }
  return isBucket(root) ? trieSome(root.root, test) : test(root);
}
