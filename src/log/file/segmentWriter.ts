import { closeSync, constants, fdatasync, fsyncSync, ftruncate, openSync, readFileSync, renameSync, rmSync, write, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { AppendError } from '../appendError.js';
import { compactingPath, compactionMarkPath, partitionDirectory, segmentPath } from './dataDirectory.js';
import { compactSegment } from './compaction.js';
import { FrameBatch } from '../format/frame.js';
import { partitionFor } from '../partitionFor.js';
import { forEachRecord, type RecordBatch } from '../format/recordBatch.js';
import type { KeyTextCache } from './keyTextCache.js';
import { recordTextWithKey } from '../format/recordCodec.js';

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const ftruncateAsync = promisify(ftruncate);

/**
 * Segment files are opened for synchronized writes: a write returns once its bytes are on
 * disk, as a write and an fdatasync would, but in one call on the thread pool rather than two,
 * each of which had to wait for this thread to be free between them.
 */
const SYNCED_WRITES = constants.O_RDWR | constants.O_DSYNC;

/** Where one partition's segment file stands. */
export interface PartitionState {
  /** Bytes of good records: where the next append goes. */
  size: number;
  nextOffset: number;
  records: number;
  keptByLastCompaction: number;
}

interface PartitionFile extends PartitionState {
  fd: number;
}

/** Serialized records, framed but not yet numbered, by the log partition of their group. */
export type PartitionFrames = Map<number, FrameBatch>;

/**
 * Serializes a batch's records (each one as soon as it is made, so none lives long) and frames
 * them by partition. Keys come from `keyTexts`, so a key committed again is not serialized again.
 */
export function encodeByPartition(batch: RecordBatch, partitionCount: number, keyTexts: KeyTextCache): PartitionFrames {
  const frames: PartitionFrames = new Map();
  forEachRecord(batch, (record) => {
    const partition = partitionFor(record.key.group, partitionCount);
    let partitionFrames = frames.get(partition);
    if (partitionFrames === undefined) frames.set(partition, (partitionFrames = new FrameBatch()));
    partitionFrames.add(recordTextWithKey(keyTexts.textOf(record.key), record.value));
  });
  return frames;
}

/**
 * Writes batches to the partitions' segment files (see dataDirectory.ts), one batch at a time.
 *
 * A batch writes each touched partition's frames in one synchronized write, all
 * partitions in parallel, and resolves only then: one sync per partition per batch (group
 * commit). Frames get their log offsets here, so a batch rolled back leaves no gap. A failed
 * batch is rolled back (files cut to their old length and synced), so the log never holds
 * half a batch. Compaction, as Kafka's log cleaner does it, rewrites a partition keeping the
 * newest record per key, into a new file renamed into place.
 */
export class SegmentWriter {
  private readonly files: PartitionFile[];

  /** Opens the segment files of a recovered log (see fileLog.ts), which stand as `partitions` say. */
  constructor(
    private readonly dataDir: string,
    partitions: readonly PartitionState[],
    private readonly compactionMinRecords: number,
    private readonly logger: (line: string) => void,
  ) {
    this.files = [];
    try {
      for (const [partition, state] of partitions.entries()) this.files.push({ ...state, fd: openSync(segmentPath(dataDir, partition), SYNCED_WRITES) });
    } catch (error) {
      this.close();
      throw error;
    }
  }

  get partitions(): PartitionState[] {
    return this.files.map(({ size, nextOffset, records, keptByLastCompaction }) => ({ size, nextOffset, records, keptByLastCompaction }));
  }

  close(): void {
    for (const file of this.files.splice(0)) closeSync(file.fd);
  }

  async write(frames: PartitionFrames): Promise<void> {
    const batches = new Map<number, Buffer>();
    for (const [partition, batch] of frames) batches.set(partition, batch.seal(this.file(partition).nextOffset));
    const outcomes = await Promise.allSettled([...batches].map(([partition, bytes]) => this.writeAndSync(partition, bytes)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) {
      const definite = await this.rollBack([...batches.keys()]);
      throw new AppendError(`could not write the offset log: ${(failure.reason as Error).message}`, definite);
    }
    for (const [partition, bytes] of batches) {
      const file = this.file(partition);
      const { count } = frames.get(partition) as FrameBatch;
      file.size += bytes.length;
      file.nextOffset += count;
      file.records += count;
      if (file.records >= Math.max(this.compactionMinRecords, 2 * file.keptByLastCompaction)) this.compactOrReport(partition);
    }
  }

  /**
   * The batch is on disk by now: a compaction that fails (a full disk) must not fail it.
   * The partition stays as it was, and the next append tries again.
   */
  private compactOrReport(partition: number): void {
    try {
      this.compact(partition);
    } catch (error) {
      rmSync(compactingPath(this.dataDir, partition), { force: true, recursive: true });
      this.logger(`could not compact log partition ${partition} (${(error as Error).message}); it stays as it was`);
    }
  }

  /**
   * Rewrites a partition as `compactSegment` says. The new file is synced before it replaces
   * the old one, so a crash at any moment leaves one of the two, whole.
   */
  private compact(partition: number): void {
    const path = segmentPath(this.dataDir, partition);
    const file = this.file(partition);
    // Only the bytes this writer counts as written: a rollback that failed may have left more.
    const { bytes, recordsBefore, recordsKept } = compactSegment(readFileSync(path).subarray(0, file.size), path);
    const temporary = compactingPath(this.dataDir, partition);
    // Synchronous: on the writer thread it holds up only the writes, which wait for it anyway,
    // and each step of an asynchronous one waited for the thread to finish serializing a batch.
    writeFileSync(temporary, bytes, { flush: true });
    // Until the rename succeeds the old file, and the descriptor appends go to, stay as they were.
    renameSync(temporary, path);
    syncDirectory(partitionDirectory(this.dataDir, partition));
    const fd = openSync(path, SYNCED_WRITES);
    closeSync(file.fd);
    file.fd = fd;
    file.size = bytes.length;
    file.records = recordsKept;
    file.keptByLastCompaction = recordsKept;
    // Remembered across restarts: a node restarted often must still compact (if this write
    // is lost, the next compaction merely comes sooner).
    writeFileSync(`${compactionMarkPath(this.dataDir, partition)}.tmp`, `${recordsKept}\n`);
    renameSync(`${compactionMarkPath(this.dataDir, partition)}.tmp`, compactionMarkPath(this.dataDir, partition));
    this.logger(`compacted log partition ${partition}: ${recordsBefore} records to ${recordsKept}`);
  }

  private file(partition: number): PartitionFile {
    return this.files[partition] as PartitionFile;
  }

  /** Synchronized writes (see SYNCED_WRITES): the bytes are on disk when this resolves. */
  private async writeAndSync(partition: number, bytes: Buffer): Promise<void> {
    const file = this.file(partition);
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await writeAsync(file.fd, bytes, written, bytes.length - written, file.size + written);
      written += bytesWritten;
    }
  }

  /** Cuts every partition of a failed batch back to its old length; true if all of that is on disk. */
  private async rollBack(partitions: readonly number[]): Promise<boolean> {
    const results = await Promise.allSettled(
      partitions.map(async (partition) => {
        const file = this.file(partition);
        await ftruncateAsync(file.fd, file.size);
        await fdatasyncAsync(file.fd);
      }),
    );
    const failed = results.filter((result) => result.status === 'rejected');
    if (failed.length > 0) this.logger(`could not roll back a failed append in ${failed.length} partition(s); the log may hold records that were not acknowledged`);
    return failed.length === 0;
  }
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
