import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { branchChildren, isBranch, isBucket, trieForEach, trieLookup, trieSet, type Edit, type HashedLeaf, type TrieNode } from '../../src/state/hashTrie.js';

/** A lookup by key, as the table's callers make one: what the hash leads to (into buckets by the key's hash at their level), then the key compared. */
function trieGet<L extends HashedLeaf>(root: TrieNode<L> | undefined, hash: number, matches: (leaf: L) => boolean, shift = 0, hashAt: (level: number) => number = (level) => levelHash(keyOfHash(hash), level)): L | undefined {
  let found = trieLookup(root, hash, shift);
  while (found !== undefined && isBucket(found)) found = trieLookup(found.root, hashAt(found.level));
  return found !== undefined && matches(found) ? found : undefined;
}

/** An update by key: look the leaf up, then set what `update` makes of it, as the reducer does. */
function trieWith<L extends HashedLeaf>(
  root: TrieNode<L> | undefined,
  hash: number,
  matches: (leaf: L) => boolean,
  update: (current: L | undefined) => L | undefined,
  shift = 0,
  edit?: Edit,
): TrieNode<L> | undefined {
  const current = trieGet(root, hash, matches, shift);
  return trieSet(root, hash, current, update(current), shift, edit);
}

/** A test key's hash at a level above 0: different for every key and level. */
function levelHash(key: number, level: number): number {
  return Math.imul(key + 1, 0x9e3779b1) ^ Math.imul(level, 0x85ebca6b);
}

/** The key a level-0 hash belongs to, for the tests whose keys are indexes into HASHES. */
function keyOfHash(hash: number): number {
  return HASHES.indexOf(hash);
}

class Leaf implements HashedLeaf {
  constructor(readonly key: number, readonly hash: number, readonly value: number, private readonly hashes: (level: number) => number = (level) => levelHash(key, level)) {}

  hashAt(level: number): number {
    return level === 0 ? this.hash : this.hashes(level);
  }
}

interface Holder {
  readonly root: TrieNode<Leaf> | undefined;
}

/**
 * Hashes chosen to collide: equal in the low 5, 10 or 25 bits, or in all 30 bits the
 * branches use (0 and 2^30 differ only above them), so that deep branches and buckets occur.
 */
const HASHES = [0, 32, 1024, 1 << 25, 1 << 30, 3 << 30, 1, 33, 0xffffffff, 0x3fffffff, 7, 7 + (1 << 30)];

type Op = { readonly key: number; readonly value: number | null };
const op = fc.record({ key: fc.nat({ max: HASHES.length - 1 }), value: fc.option(fc.nat({ max: 99 }), { freq: 4 }) }, { noNullPrototype: true });

/** A batch of operations under one edit of its own: what the batch creates it may change in place. */
function apply(holder: Holder, ops: readonly Op[]): Holder {
  return applyByCopying(holder, ops, {});
}

/** The same operations by path copying, every one copying its path unless `edit` owns it. */
function applyByCopying(holder: Holder, ops: readonly Op[], edit?: Edit): Holder {
  let root = holder.root;
  for (const { key, value } of ops) {
    const hash = HASHES[key] as number;
    root = trieWith<Leaf>(root, hash, (leaf) => leaf.key === key, () => (value === null ? undefined : new Leaf(key, hash, value)), 0, edit);
  }
  return { root };
}

function contents(holder: Holder): Map<number, number> {
  const found = new Map<number, number>();
  trieForEach(holder.root, (leaf) => {
    assert.ok(!found.has(leaf.key), `key ${leaf.key} appears twice`);
    found.set(leaf.key, leaf.value);
  });
  return found;
}

describe('hash trie', () => {
  it('behaves as a map, in every version, through collisions, buckets and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 8 }), { maxLength: 12 }), (batches) => {
        const model = new Map<number, number>();
        const versions: [Holder, Map<number, number>][] = [];
        let holder: Holder = { root: undefined };
        let copied: Holder = { root: undefined };
        let mixed: Holder = { root: undefined }; // edits and plain path copying taking turns on one trie
        for (const [i, batch] of batches.entries()) {
          holder = apply(holder, batch);
          copied = applyByCopying(copied, batch);
          mixed = i % 2 === 0 ? applyByCopying(mixed, batch) : apply(mixed, batch);
          for (const { key, value } of batch) {
            if (value === null) model.delete(key);
            else model.set(key, value);
          }
          versions.push([holder, new Map(model)], [copied, new Map(model)], [mixed, new Map(model)]);
        }
        for (const [version, expected] of versions) {
          assert.deepEqual(contents(version), expected);
          HASHES.forEach((hash, key) => {
            assert.equal(trieGet(version.root, hash, (leaf: Leaf) => leaf.key === key)?.value, expected.get(key));
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('collapses back to empty when every key is removed', () => {
    const full = apply({ root: undefined }, HASHES.map((_, key) => ({ key, value: key })));
    assert.ok(full.root !== undefined && isBranch(full.root));
    const empty = apply(full, HASHES.map((_, key) => ({ key, value: null })));
    assert.equal(empty.root, undefined);
    assert.equal(contents(full).size, HASHES.length, 'the old version still holds every key');
  });

  it('lifts a lone leaf back to where it would have been had its neighbour never existed', () => {
    // Hashes 0 and 2^30 agree in all 30 branch bits: together they need six branches and a bucket.
    const deep = apply({ root: undefined }, [{ key: 0, value: 1 }, { key: 4, value: 2 }]);
    let depth = 0;
    for (let node = deep.root; node !== undefined && (isBranch(node) || isBucket(node)); depth++) {
      node = isBranch(node) ? branchChildren(node)[0] : undefined;
    }
    assert.equal(depth, 7);
    for (const alone of [apply(deep, [{ key: 4, value: null }]), applyByCopying(deep, [{ key: 4, value: null }])]) {
      assert.ok(alone.root instanceof Leaf, 'the remaining leaf is the root again');
      assert.equal(alone.root.value, 1);
    }
  });

  it('builds compact branches by path copying: only the slots in use, shared off the updated path', () => {
    const hashOf = (key: number) => Math.imul(key, 0x9e3779b1) >>> 0;
    let holder: Holder = { root: undefined };
    for (let key = 0; key < 3; key++) holder = { root: trieWith<Leaf>(holder.root, hashOf(key), (leaf) => leaf.key === key, () => new Leaf(key, hashOf(key), 0)) };
    const built = holder.root;
    assert.ok(built !== undefined && isBranch(built));
    assert.ok(branchChildren(built).length <= 3, 'three keys need at most three slots');
    const next = trieWith<Leaf>(built, hashOf(1), (leaf) => leaf.key === 1, () => new Leaf(1, hashOf(1), 9));
    assert.ok(next !== undefined && isBranch(next));
    const kept = branchChildren(next).filter((child) => branchChildren(built).includes(child));
    assert.ok(kept.length >= branchChildren(next).length - 1, 'every child off the updated path is the same object');
    assert.equal(trieGet(next, hashOf(1), (leaf: Leaf) => leaf.key === 1)?.value, 9);
    assert.equal(trieGet(holder.root, hashOf(1), (leaf: Leaf) => leaf.key === 1)?.value, 0, 'the old version is untouched');
  });

  it('shares every branch off the updated path with the previous version', () => {
    const hashOf = (key: number) => Math.imul(key, 0x9e3779b1) >>> 0;
    const build = apply({ root: undefined }, []);
    let root = build.root;
    const edit = {};
    for (let key = 0; key < 2000; key++) root = trieWith<Leaf>(root, hashOf(key), (leaf) => leaf.key === key, () => new Leaf(key, hashOf(key), 0), 0, edit);
    const next = trieWith<Leaf>(root, hashOf(5), (leaf) => leaf.key === 5, () => new Leaf(5, hashOf(5), 1), 0, {});
    assert.ok(root !== undefined && isBranch(root) && next !== undefined && isBranch(next));
    const rootChildren = branchChildren(root);
    const nextChildren = branchChildren(next);
    assert.equal(rootChildren.length, 32);
    const changedSlot = hashOf(5) & 31;
    const shared = rootChildren.filter((child, slot) => slot !== changedSlot && nextChildren[slot] === child).length;
    assert.equal(shared, 31, 'all other root slots are the same objects');
    assert.notEqual(nextChildren[changedSlot], rootChildren[changedSlot]);
    assert.equal(trieGet(root, hashOf(5), (leaf: Leaf) => leaf.key === 5)?.value, 0, 'a later edit leaves the built version alone');
  });

  it('changes in place only what its own edit created', () => {
    const hashOf = (key: number) => Math.imul(key, 0x9e3779b1) >>> 0;
    const edit = {};
    let root: TrieNode<Leaf> | undefined;
    for (let key = 0; key < 100; key++) root = trieWith<Leaf>(root, hashOf(key), (leaf) => leaf.key === key, () => new Leaf(key, hashOf(key), 0), 0, edit);
    const built = root;
    root = trieWith<Leaf>(root, hashOf(7), (leaf) => leaf.key === 7, () => new Leaf(7, hashOf(7), 1), 0, edit);
    assert.equal(root, built, 'the same edit changed its own root in place');
    const other = trieWith<Leaf>(root, hashOf(7), (leaf) => leaf.key === 7, () => new Leaf(7, hashOf(7), 2), 0, {});
    assert.notEqual(other, root, 'another edit copies');
    assert.equal(trieGet(root, hashOf(7), (leaf: Leaf) => leaf.key === 7)?.value, 1);
    assert.equal(trieGet(other, hashOf(7), (leaf: Leaf) => leaf.key === 7)?.value, 2);
  });

  it('refuses to replace a leaf that is not where its hash leads, in a branch or a bucket', () => {
    // Keys 0 and 4 (hashes 0 and 2^30) share a bucket; key 1 (hash 32) sits in a branch beside them.
    const built = apply({ root: undefined }, [{ key: 0, value: 1 }, { key: 4, value: 2 }, { key: 1, value: 3 }]);
    const stranger = new Leaf(0, 0, 9); // same key and hash as a leaf in the trie, but not that leaf
    assert.throws(() => trieSet(built.root, 0, stranger, undefined, 0, {}), /not where its hash leads/);
    const elsewhere = new Leaf(1, 32, 9);
    assert.throws(() => trieSet(built.root, 32, elsewhere, new Leaf(1, 32, 10), 0, {}), /not where its hash leads/);
    assert.deepEqual(contents(built), new Map([[0, 1], [4, 2], [1, 3]]), 'the trie is as it was');
  });

  it('keeps keys whose hashes collide whole a few levels deep, never in a list to scan', () => {
    // 3,000 keys whose level-0 hashes are all equal, as a client could make them against an unkeyed hash.
    const keys = 3000;
    const edit = {};
    let root: TrieNode<Leaf> | undefined;
    for (let key = 0; key < keys; key++) root = trieSet(root, 7, undefined, new Leaf(key, 7, key), 0, edit);
    // Counting work: the widest node and the deepest path, which bound every lookup and update.
    let widest = 0;
    let deepest = 0;
    const walk = (node: TrieNode<Leaf> | undefined, depth: number): void => {
      if (node === undefined) return;
      deepest = Math.max(deepest, depth);
      if (isBucket(node)) return walk(node.root, depth + 1);
      if (!isBranch(node)) return;
      const children = branchChildren(node);
      widest = Math.max(widest, children.length);
      for (const child of children) walk(child, depth + 1);
    };
    walk(root, 0);
    assert.ok(widest <= 32, `a node with ${widest} children`);
    // Six levels of branches for the colliding hash, one bucket, then about log32(3000) levels.
    assert.ok(deepest <= 6 + 1 + 4, `a path ${deepest} nodes long`);
    for (let key = 0; key < keys; key += 97) {
      assert.equal(trieGet(root, 7, (leaf: Leaf) => leaf.key === key, 0, (level) => levelHash(key, level))?.value, key);
    }
    // Removing all but one lifts the last leaf out of every bucket and branch.
    for (let key = 1; key < keys; key++) {
      const leaf = trieGet(root, 7, (candidate: Leaf) => candidate.key === key, 0, (level) => levelHash(key, level));
      root = trieSet(root, 7, leaf, undefined, 0, {});
    }
    assert.ok(root instanceof Leaf && root.key === 0);
  });
});
