import { randomBytes } from 'node:crypto';

/*
 * The offset table's hashes: HalfSipHash-1-3 (SipHash's 32-bit form) under a key drawn at random
 * for each process. A hash decides only where a key sits in the table's tries, never what any
 * request answers or what reaches the disk, so nothing needs the same key twice; and a client
 * that cannot learn the key cannot choose names that collide (hash flooding), as it could against
 * an unkeyed hash. Everything a client chooses (the name, and the partition) goes through it.
 */
const key = randomBytes(8);
const K0 = key.readInt32LE(0);
const K1 = key.readInt32LE(4);
/** Marks a name hashed without a partition, so ("t", none) and ("t", 0) absorb different words. */
const NO_PARTITION = -1;

/*
 * The last level-0 hash of each kind, remembered: a log holds runs of records of one group (and
 * one topic-partition), and a restart hashes every record's names.
 */
let lastName = '';
let lastNameHash = keyedHash('', NO_PARTITION, 0);
let lastTopic = '';
let lastPartition = 0;
let lastTopicHash = keyedHash('', 0, 0);

/** A group's hash at a level of the tries (see Bucket in hashTrie.ts): each level has a key of its own. */
export function hashString(text: string, level = 0): number {
  if (level !== 0) return keyedHash(text, NO_PARTITION, level);
  if (text !== lastName) {
    lastNameHash = keyedHash(text, NO_PARTITION, 0);
    lastName = text;
  }
  return lastNameHash;
}

/** A topic-partition's hash at a level; partitions run up to 2^53-1, so both halves of the number are absorbed. */
export function hashTopicPartition(topic: string, partition: number, level = 0): number {
  if (level !== 0) return keyedHash(topic, partition, level);
  if (partition !== lastPartition || topic !== lastTopic) {
    lastTopicHash = keyedHash(topic, partition, 0);
    lastTopic = topic;
    lastPartition = partition;
  }
  return lastTopicHash;
}

/**
 * HalfSipHash-1-3 over the name's UTF-16 code units two to a word, then (for a partition) its low
 * and high 32 bits, then a word holding the name's length; one SipRound per word, three to finish.
 * The rounds are written out: this runs for every name of every request.
 */
function keyedHash(text: string, partition: number, level: number): number {
  const k0 = level === 0 ? K0 : K0 ^ Math.imul(level, 0x9e3779b9);
  const k1 = level === 0 ? K1 : K1 ^ Math.imul(level, 0x85ebca6b);
  let v0 = k0;
  let v1 = k1;
  let v2 = 0x6c796765 ^ k0;
  let v3 = 0x74656462 ^ k1;
  const length = text.length;
  const pairs = length >> 1;
  const words = pairs + (partition === NO_PARTITION ? 1 : 3);
  for (let index = 0; index < words; index++) {
    let word: number;
    if (index < pairs) word = text.charCodeAt(2 * index) | (text.charCodeAt(2 * index + 1) << 16);
    else if (index === words - 1) word = (length % 2 === 1 ? text.charCodeAt(length - 1) : 0) | ((length & 0x7fff) << 16) | (partition === NO_PARTITION ? 0 : 0x80000000);
    else if (index === pairs) word = partition | 0;
    else word = Math.floor(partition / 0x100000000);
    v3 ^= word;
    v0 = (v0 + v1) | 0; v1 = (v1 << 5) | (v1 >>> 27); v1 ^= v0; v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0; v3 = (v3 << 8) | (v3 >>> 24); v3 ^= v2;
    v0 = (v0 + v3) | 0; v3 = (v3 << 7) | (v3 >>> 25); v3 ^= v0;
    v2 = (v2 + v1) | 0; v1 = (v1 << 13) | (v1 >>> 19); v1 ^= v2; v2 = (v2 << 16) | (v2 >>> 16);
    v0 ^= word;
  }
  v2 ^= 0xff;
  for (let round = 0; round < 3; round++) {
    v0 = (v0 + v1) | 0; v1 = (v1 << 5) | (v1 >>> 27); v1 ^= v0; v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0; v3 = (v3 << 8) | (v3 >>> 24); v3 ^= v2;
    v0 = (v0 + v3) | 0; v3 = (v3 << 7) | (v3 >>> 25); v3 ^= v0;
    v2 = (v2 + v1) | 0; v1 = (v1 << 13) | (v1 >>> 19); v1 ^= v2; v2 = (v2 << 16) | (v2 >>> 16);
  }
  return (v1 ^ v3) >>> 0;
}
