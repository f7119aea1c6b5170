import { closeSync, fdatasync, fdatasyncSync, fsyncSync, ftruncate, ftruncateSync, openSync, readFileSync, renameSync, rmSync, write, writeFileSync } from 'node:fs';
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

  async append(records: readonly OffsetRecord[]): Promise<void> {
    const batches = new Map<number, Buffer[]>();
    const nextOffsets = new Map<number, number>();
    for (const record of records) {
      const partition = partitionFor(record.key.group, this.partitionCount);
      const offset = nextOffsets.get(partition) ?? this.file(partition).nextOffset;
      nextOffsets.set(partition, offset + 1);
      const frames = batches.get(partition);
      const frame = encodeFrame(offset, encodeRecord(record));
      if (frames === undefined) batches.set(partition, [frame]);
      else frames.push(frame);
    }
    const writes = [...batches].map(([partition, frames]) => this.writeAndSync(partition, Buffer.concat(frames)));
    const outcomes = await Promise.allSettled(writes);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) {
      const definite = await this.rollBack([...batches.keys()]);
      throw new AppendError(`could not write the offset log: ${(failure.reason as Error).message}`, definite);
    }
    for (const [partition, frames] of batches) {
      const file = this.file(partition);
      file.size += frames.reduce((total, frame) => total + frame.length, 0);
      file.nextOffset = nextOffsets.get(partition) as number;
      file.records += frames.length;
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
  compact(partition: number): void {
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
    writeFileSync(temporary, bytes, { flush: true });
    // Until the rename succeeds the old file, and the descriptor appends go to, stay as they were.
    renameSync(temporary, path);
    syncDirectory(partitionDirectory(this.dataDir, partition));
    const fd = openSync(path, 'r+');
    closeSync(file.fd);
    file.fd = fd;
    file.size = bytes.length;
    file.records = kept.length;
    file.keptByLastCompaction = kept.length;
    // Remembered across restarts: a node restarted often must still compact (if this write
    // is lost, the next compaction merely comes sooner).
    writeFileSync(`${compactionMarkPath(this.dataDir, partition)}.tmp`, `${kept.length}\n`);
    renameSync(`${compactionMarkPath(this.dataDir, partition)}.tmp`, compactionMarkPath(this.dataDir, partition));
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

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
