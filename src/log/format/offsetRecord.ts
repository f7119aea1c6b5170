/**
 * A record of the `__consumer_offsets` log, as Kafka's offset-commit records are shaped:
 *   {"key": {"group", "topic", "partition"}, "value": {"offset", "commitTimestamp", "metadata"?} | null}
 * A null value is a tombstone: the key's offset is deleted (and compaction may drop the key).
 */
export interface OffsetKey {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
}

export interface OffsetValue {
  readonly offset: number;
  /** Milliseconds since the epoch, stamped by the node when it accepted the commit. */
  readonly commitTimestamp: number;
  readonly metadata?: string;
}

export interface OffsetRecord {
  readonly key: OffsetKey;
  readonly value: OffsetValue | null;
}

export function commitRecord(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, metadata?: string): OffsetRecord {
  return { key: { group, topic, partition }, value: metadata === undefined ? { offset, commitTimestamp } : { offset, commitTimestamp, metadata } };
}

export function tombstoneRecord(group: string, topic: string, partition: number): OffsetRecord {
  return { key: { group, topic, partition }, value: null };
}
