import { trieLookup, trieSet, isBucket, type HashedLeaf, type TrieNode } from '../src/state/hashTrie.js';

/** A key whose hash at level 0 is chosen by the bench, and independent at every level above. */
class Key implements HashedLeaf {
  constructor(
    readonly id: number,
    readonly hash: number,
  ) {}

  hashAt(level: number): number {
    return level === 0 ? this.hash : levelHash(this.id, level);
  }
}

function levelHash(id: number, level: number): number {
  return (Math.imul(id + 1, 0x9e3779b1) ^ Math.imul(level, 0x85ebca6b)) >>> 0;
}

/** Inserts every key, then looks every key up, as a table does on commits and fetches; the time in ns per key. */
function time(keys: readonly Key[]): number {
  const start = process.hrtime.bigint();
  const batch = {};
  let root: TrieNode<Key> | undefined;
  for (const key of keys) root = trieSet(root, key.hash, undefined, key, 0, batch);
  let found = 0;
  for (const key of keys) {
    let leaf = trieLookup(root, key.hash);
    while (leaf !== undefined && isBucket(leaf)) leaf = trieLookup(leaf.root, key.hashAt(leaf.level));
    if (leaf === key) found++;
  }
  if (found !== keys.length) throw new Error(`found ${found} of ${keys.length} keys`);
  return Number(process.hrtime.bigint() - start) / keys.length;
}

/**
 * Keys whose hashes collide in all 32 bits (as a client could make them against an unkeyed hash)
 * against the same number of keys with spread hashes: a bucket is a trie of its own, so the
 * colliding keys should cost a few more levels, not a scan that grows with their number.
 */
export function collisionRow(): string[] {
  const lines = ['hash collisions: inserting then looking up N keys, ns a key (median of 5), colliding in every hash bit / spread'];
  // A first pass of each kind, untimed, so that no figure includes compiling the trie's code.
  time(Array.from({ length: 10_000 }, (_, id) => new Key(id, 7)));
  time(Array.from({ length: 10_000 }, (_, id) => new Key(id, levelHash(id, 99))));
  for (const count of [1_000, 10_000, 50_000]) {
    const colliding = Array.from({ length: count }, (_, id) => new Key(id, 7));
    const spread = Array.from({ length: count }, (_, id) => new Key(id, levelHash(id, 99)));
    const runs = (keys: readonly Key[]) => Array.from({ length: 5 }, () => time(keys)).sort((a, b) => a - b)[2] as number;
    const [collided, apart] = [runs(colliding), runs(spread)];
    lines.push(`- ${count.toLocaleString('en-US')} keys: ${collided.toFixed(0)} / ${apart.toFixed(0)} ns (${(collided / apart).toFixed(2)}×)`);
  }
  return lines;
}
