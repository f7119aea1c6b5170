/**
 * 32-bit hashes for the offset table's tries: FNV-1a over UTF-16 code units, finished
 * with murmur3's fmix32 so that every bit of the result depends on every input bit
 * (the trie takes 5 bits at a time, from the low end).
 */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(hash);
}

/** A topic-partition's hash: partitions run up to 2^53-1, so both halves of the number count. */
export function hashTopicPartition(topic: string, partition: number): number {
  const high = Math.floor(partition / 0x100000000);
  return mix32(hashString(topic) ^ Math.imul(partition | 0, 0x9e3779b1) ^ Math.imul(high, 0x85ebca77));
}

function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
