import { FrameBatch } from '../format/frame.js';
import type { RecordBatch } from '../format/recordBatch.js';
import { recordTextWithKey } from '../format/recordCodec.js';
import { partitionFor } from '../partitionFor.js';
import type { KeyTextCache } from './keyTextCache.js';

/** Serialized records, framed but not yet numbered, by the log partition of their group. */
export type PartitionFrames = Map<number, FrameBatch>;

/**
 * Serializes a batch's records (each one as soon as it is made, so none lives long) and frames
 * them by partition. Keys come from `keyTexts`, so a key committed again is not serialized again.
 */
export function framesByPartition(batch: RecordBatch, partitionCount: number, keyTexts: KeyTextCache): PartitionFrames {
  const frames: PartitionFrames = new Map();
  batch.forEach((record) => {
    const partition = partitionFor(record.key.group, partitionCount);
    let partitionFrames = frames.get(partition);
    if (partitionFrames === undefined) frames.set(partition, (partitionFrames = new FrameBatch()));
    partitionFrames.add(recordTextWithKey(keyTexts.textOf(record.key), record.value));
  });
  return frames;
}
