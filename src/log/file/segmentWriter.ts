import { closeSync, constants, fdatasync, ftruncate, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { AppendError } from '../appendError.js';
import type { FrameBatch } from '../format/frame.js';
import { compactPartition, type CompactionFs } from './compaction.js';
import { partitionDirectory, segmentPath } from './dataDirectory.js';
import type { PartitionFrames } from './framesByPartition.js';
import { syncDirectory } from './syncDirectory.js';

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
  /** A compaction renamed its file into place but could not sync the directory: no batch is acknowledged until it can. */
  directoryUnsynced: boolean;
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
    /** The file system compaction uses (tests make it fail on cue). */
    private readonly compactionFs?: CompactionFs,
  ) {
    this.files = [];
    try {
      for (const [partition, state] of partitions.entries()) this.files.push({ ...state, fd: openSync(segmentPath(dataDir, partition), SYNCED_WRITES), directoryUnsynced: false });
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
    for (const partition of frames.keys()) this.syncDirectoryIfUnsynced(partition);
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
   * The batch is on disk by now: a compaction that fails (a full disk) must not fail it. It
   * leaves the partition as it was (the next append tries again) or compacted, and appends go
   * on to whichever file the directory names.
   */
  private compact(partition: number): void {
    const file = this.file(partition);
    const outcome = compactPartition(this.dataDir, partition, file.size, SYNCED_WRITES, this.compactionFs);
    if (outcome.kind === 'before') {
      this.logger(`could not compact log partition ${partition} (${outcome.reason}); it stays as it was, and appends go on to it`);
      return;
    }
    const { compacted, unfinished } = outcome;
    const replaced = file.fd;
    file.fd = outcome.fd;
    file.size = compacted.bytes.length;
    file.records = compacted.recordsKept;
    file.keptByLastCompaction = compacted.recordsKept;
    file.directoryUnsynced = unfinished?.directoryUnsynced ?? false;
    try {
      closeSync(replaced);
    } catch {
      // the replaced file is out of the directory and out of use either way
    }
    this.logger(`compacted log partition ${partition}: ${compacted.recordsBefore} records to ${compacted.recordsKept}`);
    if (unfinished !== undefined) {
      const what = unfinished.directoryUnsynced ? 'sync its directory (retried before its next append is acknowledged)' : 'note what it kept';
      this.logger(`compacted log partition ${partition}, but could not then ${what}: ${unfinished.reason}; appends go on to the compacted file`);
    }
  }

  /** Fails a batch, before anything is written, while its partition's renamed file may not survive a power loss. */
  private syncDirectoryIfUnsynced(partition: number): void {
    const file = this.file(partition);
    if (!file.directoryUnsynced) return;
    try {
      syncDirectory(partitionDirectory(this.dataDir, partition), this.compactionFs);
    } catch (error) {
      throw new AppendError(`could not sync the directory of log partition ${partition} after compacting it: ${(error as Error).message}`, true);
    }
    file.directoryUnsynced = false;
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
