import { closeSync, constants, fdatasync, ftruncate, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { AppendError } from '../appendError.js';
import type { FrameBatch } from '../format/frame.js';
import { compactPartition } from './compaction.js';
import { segmentPath } from './dataDirectory.js';
import type { PartitionFrames } from './framesByPartition.js';

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

/**
 * Writes batches to the partitions' segment files (see dataDirectory.ts), one batch at a time.
 *
 * A batch writes each touched partition's frames in one synchronized write, all partitions in
 * parallel, and resolves only then: one sync per partition per batch (group commit). Frames get
 * their log offsets here, so a batch rolled back leaves no gap. A failed batch is rolled back
 * (files cut to their old length and synced), so the log never holds half a batch. A partition
 * is compacted (compaction.ts) once it holds `compactionMinRecords` records and twice what its
 * last compaction kept.
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
      if (file.records >= Math.max(this.compactionMinRecords, 2 * file.keptByLastCompaction)) this.compact(partition);
    }
  }

  /**
   * The batch is on disk by now: a compaction that fails (a full disk) must not fail it. Until
   * the new file is in place the partition stays as it was, and the next append tries again.
   */
  private compact(partition: number): void {
    const file = this.file(partition);
    let switched = false;
    try {
      compactPartition(this.dataDir, partition, file.size, SYNCED_WRITES, (fd, compacted) => {
        closeSync(file.fd);
        file.fd = fd;
        file.size = compacted.bytes.length;
        file.records = compacted.recordsKept;
        file.keptByLastCompaction = compacted.recordsKept;
        switched = true;
        this.logger(`compacted log partition ${partition}: ${compacted.recordsBefore} records to ${compacted.recordsKept}`);
      });
    } catch (error) {
      const { message } = error as Error;
      this.logger(switched ? `compacted log partition ${partition}, but could not then sync its directory or note what it kept (${message})` : `could not compact log partition ${partition} (${message}); it stays as it was`);
    }
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
