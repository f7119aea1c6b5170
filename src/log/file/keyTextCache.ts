import type { OffsetKey } from '../format/offsetRecord.js';
import { keyText } from '../format/recordCodec.js';

interface CachedKey {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly text: string;
}

/**
 * The serialized keys of recently written records. Serializing a key is about half the cost of
 * serializing a record, and a consumer commits the same few keys over and over. Direct-mapped,
 * with the key compared field by field, so that a miss costs a hash, not a joined string and a
 * Map entry for the collector (a Map keyed by joined names was tried and dropped: see
 * BENCHMARKS.md, "Tried and dropped").
 */
export class KeyTextCache {
  private readonly slots: (CachedKey | undefined)[];
  private misses = 0;

  /**
   * A miss is kept only every `admitEvery`th time: over a million keys nearly every lookup
   * misses, and an entry kept on each one is garbage the collector must promote first (see
   * BENCHMARKS.md, "Choices that rest on a measurement"); a key committed often still gets in soon.
   */
  constructor(
    slotCount = 8192,
    private readonly admitEvery = 16,
  ) {
    this.slots = new Array<undefined>(slotCount).fill(undefined);
  }

  /** keyText(key), from the cache when the same key was serialized recently. */
  textOf(key: OffsetKey): string {
    const { group, topic, partition } = key;
    const slot = (hashName(hashName(partition, group), topic) >>> 0) % this.slots.length;
    const cached = this.slots[slot];
    if (cached !== undefined && cached.partition === partition && cached.group === group && cached.topic === topic) return cached.text;
    const text = keyText(key);
    if (++this.misses % this.admitEvery === 0) this.slots[slot] = { group, topic, partition, text };
    return text;
  }
}

/** FNV-1a over UTF-16 code units, from `seed`; a slot index, not a checksum. */
function hashName(seed: number, name: string): number {
  let hash = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash;
}
