import { closeSync, fdatasync, fdatasyncSync, ftruncate, ftruncateSync, openSync, readFileSync, rmSync, write } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { AppendError } from './appendError.js';
import { compactingPath, compactionMarkPath, lockDataDirectory, openLayout, partitionDirectory, segmentPath } from './dataDirectory.js';
import { encodeFrame, type Frame } from './frame.js';
import type { OffsetLog } from './offsetLog.js';
import type { OffsetRecord } from './offsetRecord.js';
import { partitionFor } from './partitionFor.js';
import { encodeRecord, peekRecordKey, RecordFormatError } from './recordCodec.js';
import { CorruptLogError, readSegment, verifiedSegmentRecords } from './segmentReader.js';


const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const ftruncateAsync = promisify(ftruncate);
const ignore = (): void => {};

export interface FileLogOptions {
  /** Partition count for a new directory; an existing one keeps its own. */
  readonly partitions?: number;
  /** A partition is compacted once it holds this many records and twice what its last compaction kept. */
  readonly compactionMinRecords?: number;
  readonly logger?: (line: string) => void;
}

interface PartitionFile {
  fd: number;
  /** Bytes of good records: where the next append goes. */
  size: number;
  nextOffset: number;
  records: number;
  keptByLastCompaction: number;
}

/**
 * The `__consumer_offsets` log on disk: one segment file per partition (see dataDirectory.ts).
 *
 * An append writes each touched partition's frames in one write and fdatasyncs them, all
 * partitions in parallel, and resolves only then: one sync per partition per batch (group
 * commit). A failed append is rolled back (files cut to their old length and synced), so
 * the log never holds half a batch. Compaction, as Kafka's log cleaner does it, rewrites a
 * partition keeping the newest record per key, into a new file renamed into place.
 */
export class FileLog implements OffsetLog {
  private constructor(
    private readonly dataDir: string,
    readonly partitionCount: number,
    private readonly files: PartitionFile[],
    private readonly releaseLock: () => void,
    private readonly compactionMinRecords: number,
    private readonly logger: (line: string) => void,
  ) {}

  /** Settles when every append handed in so far has finished, well or not. */
  private appending: Promise<void> = Promise.resolve();

  /**
   * Opens (or creates) a data directory: locks it, cuts off a torn tail left by a crash, and
   * refuses a log with a damaged record, naming the file and byte.
   */
  static open(dataDir: string, options: FileLogOptions = {}): FileLog {
    const logger = options.logger ?? (() => {});
    const partitionCount = openLayout(dataDir, options.partitions);
    const releaseLock = lockDataDirectory(dataDir);
    const files: PartitionFile[] = [];
    try {
      for (let partition = 0; partition < partitionCount; partition++) files.push(recoverPartition(dataDir, partition, logger));
    } catch (error) {
      for (const file of files) closeSync(file.fd);
      releaseLock();
      throw error;
    }
    return new FileLog(dataDir, partitionCount, files, releaseLock, options.compactionMinRecords ?? 10_000, logger);
  }

  /**
   * Appends take turns: a batch handed in while another is on its way to the disk is encoded
   * at once (its records serialized, the costly part), then written when the one before it is
   * done. Its frames get their log offsets only then, so a batch before it that failed and was
   * rolled back leaves no gap.
   */
  append(records: readonly OffsetRecord[]): Promise<void> {
    const payloads = this.encodeByPartition(records);
    const appended = this.appending.then(() => this.writeBatch(payloads));
    this.appending = appended.then(ignore, ignore);
    return appended;
  }

  private encodeByPartition(records: readonly OffsetRecord[]): Map<number, Buffer[]> {
    const payloads = new Map<number, Buffer[]>();
    for (const record of records) {
      const partition = partitionFor(record.key.group, this.partitionCount);
      const payload = encodeRecord(record);
      const list = payloads.get(partition);
      if (list === undefined) payloads.set(partition, [payload]);
      else list.push(payload);
    }
    return payloads;
  }

  private async writeBatch(payloads: Map<number, Buffer[]>): Promise<void> {
    const batches = new Map<number, Buffer>();
    for (const [partition, list] of payloads) {
      const { nextOffset } = this.file(partition);
      batches.set(partition, Buffer.concat(list.map((payload, index) => encodeFrame(nextOffset + index, payload))));
    }
    const outcomes = await Promise.allSettled([...batches].map(([partition, bytes]) => this.writeAndSync(partition, bytes)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) {
      const definite = await this.rollBack([...batches.keys()]);
      throw new AppendError(`could not write the offset log: ${(failure.reason as Error).message}`, definite);
    }
    for (const [partition, bytes] of batches) {
      const file = this.file(partition);
      const count = (payloads.get(partition) as Buffer[]).length;
      file.size += bytes.length;
      file.nextOffset += count;
      file.records += count;
      if (file.records >= Math.max(this.compactionMinRecords, 2 * file.keptByLastCompaction)) await this.compactOrReport(partition);
    }
  }

  /**
   * The batch is on disk by now: a compaction that fails (a full disk) must not fail it.
   * The partition stays as it was, and the next append tries again.
   */
  private async compactOrReport(partition: number): Promise<void> {
    try {
      await this.compact(partition);
    } catch (error) {
      rmSync(compactingPath(this.dataDir, partition), { force: true, recursive: true });
      this.logger(`could not compact log partition ${partition} (${(error as Error).message}); it stays as it was`);
    }
  }

  /** Every record, partition by partition. Checksums were verified when the log was opened, and the lock has kept others out since. */
  *records(): Iterable<OffsetRecord> {
    for (let partition = 0; partition < this.partitionCount; partition++) {
      yield* verifiedSegmentRecords(segmentPath(this.dataDir, partition));
    }
  }

  /** Record counts per partition, and the next log offset of each. */
  partitionStats(): { records: number; nextOffset: number; bytes: number }[] {
    return this.files.map(({ records, nextOffset, size }) => ({ records, nextOffset, bytes: size }));
  }

  /** Call once every append has settled (the node's last reply waits for its append). */
  close(): void {
    for (const file of this.files) closeSync(file.fd);
    this.releaseLock();
  }

  /**
   * Rewrites a partition with only the newest record of each key. A key whose newest record
   * is a tombstone is dropped, except the partition's very last record, kept so that log
   * offsets never go back. The new file is synced before it replaces the old one, so a
   * crash at any moment leaves one of the two, whole.
   */
  async compact(partition: number): Promise<void> {
    const path = segmentPath(this.dataDir, partition);
    const file = this.file(partition);
    const { frames } = readSegment(path);
    const newest = new Map<string, { frame: Frame; tombstone: boolean }>();
    for (const frame of frames) {
      const { key, tombstone } = peekKey(path, frame);
      newest.delete(key); // re-inserted last, so survivors keep log order
      newest.set(key, { frame, tombstone });
    }
    const last = frames.at(-1);
    const kept = [...newest.values()].filter(({ frame, tombstone }) => !tombstone || frame === last).map(({ frame }) => frame);
    const bytes = Buffer.concat(kept.map((frame) => encodeFrame(frame.logOffset, frame.payload)));
    const temporary = compactingPath(this.dataDir, partition);
    // Asynchronous, so the node decides the next batches while this waits on the disk; appends
    // wait their turn behind it (see append), so the file is not written meanwhile.
    await writeFile(temporary, bytes, { flush: true });
    // Until the rename succeeds the old file, and the descriptor appends go to, stay as they were.
    await rename(temporary, path);
    await syncDirectory(partitionDirectory(this.dataDir, partition));
    const fd = openSync(path, 'r+');
    closeSync(file.fd);
    file.fd = fd;
    file.size = bytes.length;
    file.records = kept.length;
    file.keptByLastCompaction = kept.length;
    // Remembered across restarts: a node restarted often must still compact (if this write
    // is lost, the next compaction merely comes sooner).
    await writeFile(`${compactionMarkPath(this.dataDir, partition)}.tmp`, `${kept.length}\n`);
    await rename(`${compactionMarkPath(this.dataDir, partition)}.tmp`, compactionMarkPath(this.dataDir, partition));
    this.logger(`compacted log partition ${partition}: ${frames.length} records to ${kept.length}`);
  }

  private file(partition: number): PartitionFile {
    return this.files[partition] as PartitionFile;
  }

  private async writeAndSync(partition: number, bytes: Buffer): Promise<void> {
    const file = this.file(partition);
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await writeAsync(file.fd, bytes, written, bytes.length - written, file.size + written);
      written += bytesWritten;
    }
    await fdatasyncAsync(file.fd);
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

function recoverPartition(dataDir: string, partition: number, logger: (line: string) => void): PartitionFile {
  rmSync(compactingPath(dataDir, partition), { force: true }); // a compaction that did not finish
  const path = segmentPath(dataDir, partition);
  const segment = readSegment(path);
  if (segment.tail.kind === 'corrupt') throw new CorruptLogError(path, segment.validBytes, segment.tail.reason);
  const fd = openSync(path, segment.totalBytes === 0 ? 'w+' : 'r+');
  if (segment.tail.kind === 'torn') {
    ftruncateSync(fd, segment.validBytes);
    fdatasyncSync(fd);
    logger(`${path}: cut off an incomplete record at byte ${segment.validBytes} (${segment.tail.bytes} bytes), left by an interrupted write`);
  }
  const last = segment.frames.at(-1);
  return {
    fd,
    size: segment.validBytes,
    nextOffset: last === undefined ? 0 : last.logOffset + 1,
    records: segment.frames.length,
    keptByLastCompaction: lastCompactionKept(dataDir, partition),
  };
}

function peekKey(path: string, frame: Frame): { key: string; tombstone: boolean } {
  try {
    return peekRecordKey(frame.payload);
  } catch (error) {
    if (error instanceof RecordFormatError) throw new CorruptLogError(path, frame.position, error.message);
    throw error;
  }
}

/** What the partition's last compaction kept; 0 if it never was compacted. */
function lastCompactionKept(dataDir: string, partition: number): number {
  try {
    const kept = Number.parseInt(readFileSync(compactionMarkPath(dataDir, partition), 'utf8'), 10);
    return Number.isSafeInteger(kept) && kept >= 0 ? kept : 0;
  } catch {
    return 0;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
