/** Kafka's default for offsets.topic.num.partitions. */
export const DEFAULT_LOG_PARTITIONS = 50;

/**
 * The `__consumer_offsets` partition a group's records go to, computed as Kafka does
 * (`Utils.abs(groupId.hashCode) % partitions`), so a group lands where Kafka would put it.
 */
export function partitionFor(group: string, partitionCount: number): number {
  let hash = 0;
  for (let i = 0; i < group.length; i++) hash = (Math.imul(hash, 31) + group.charCodeAt(i)) | 0;
  // Kafka's Utils.abs maps Integer.MIN_VALUE to 0 instead of overflowing.
  const positive = hash === -2147483648 ? 0 : Math.abs(hash);
  return positive % partitionCount;
}
