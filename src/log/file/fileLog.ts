import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppendError } from '../appendError.js';
import { compactingPath, compactionMarkPath, lockDataDirectory, openLayout, segmentPath } from './dataDirectory.js';
import type { OffsetLog } from '../offsetLog.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { toRecordBatch } from '../format/recordBatch.js';
import type { RecordSink } from '../format/recordSink.js';
import { CorruptLogError, replayVerifiedSegment, SegmentFileReader, summarizeSegment, verifiedSegmentRecords } from './segmentReader.js';
import type { PartitionState } from './segmentWriter.js';
import type { WriterReport, WriterRequest, WriterSetup } from './writerThread.js';

export interface FileLogOptions {
  /** Partition count for a new directory; an existing one keeps its own. */
  readonly partitions?: number;
  /** A partition is compacted once it holds this many records and twice what its last compaction kept. */
  readonly compactionMinRecords?: number;
  readonly logger?: (line: string) => void;
}

const CLOSE_TIMEOUT_MS = 60_000;

/**
 * The `__consumer_offsets` log on disk: one segment file per partition (see dataDirectory.ts).
 *
 * Opening, recovery and reading happen here; appends are written by a writer thread
 * (writerThread.ts, with segmentWriter.ts), which serializes each batch as soon as it is
 * handed in, while the node decides the next one, and writes and syncs the batches in order.
 * Serializing records is the costliest part of an append, and on this thread it held the node
 * back by as much again as deciding the requests. An append resolves once its batch is synced.
 */
export class FileLog implements OffsetLog {
  /** Resolvers of the appends handed to the writer, oldest first: it reports on each in order. */
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Set once the writer thread has died: every later append fails with it. */
  private broken: AppendError | undefined;

  private constructor(
    private readonly dataDir: string,
    readonly partitionCount: number,
    /** Where the partitions stood at the writer's last report. */
    private partitions: readonly PartitionState[],
    private readonly writer: Worker,
    private readonly writerClosed: Int32Array<SharedArrayBuffer>,
    private readonly releaseLock: () => void,
    private readonly logger: (line: string) => void,
  ) {
    writer.on('message', (report: WriterReport) => this.reported(report));
    writer.on('error', (error: Error) => this.writerDied(`the log writer failed: ${error.message}`));
    writer.on('exit', (code: number) => this.writerDied(`the log writer stopped (exit code ${code})`));
    writer.unref(); // an idle writer must not keep the process alive; a waiting append refs it
  }

  /**
   * Opens (or creates) a data directory: locks it, cuts off a torn tail left by a crash, and
   * refuses a log with a damaged record, naming the file and byte.
   */
  static open(dataDir: string, options: FileLogOptions = {}): FileLog {
    const logger = options.logger ?? (() => {});
    const partitionCount = openLayout(dataDir, options.partitions);
    const releaseLock = lockDataDirectory(dataDir);
    const partitions: PartitionState[] = [];
    const reader = new SegmentFileReader();
    try {
      for (let partition = 0; partition < partitionCount; partition++) partitions.push(recoverPartition(dataDir, partition, reader, logger));
    } catch (error) {
      releaseLock();
      throw error;
    }
    // The writer opens the segment files itself: a worker thread's descriptors are its own.
    const closed = new Int32Array(new SharedArrayBuffer(4));
    const setup: WriterSetup = { dataDir, partitionCount, partitions, compactionMinRecords: options.compactionMinRecords ?? 10_000, closed };
    const writer = new Worker(new URL('./writerThread.js', import.meta.url), { workerData: setup });
    return new FileLog(dataDir, partitionCount, partitions, writer, closed, releaseLock, logger);
  }

  append(records: readonly OffsetRecord[]): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const batch = toRecordBatch(records);
    const appended = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.waiting.length === 1) this.writer.ref();
    this.writer.postMessage({ kind: 'append', batch } satisfies WriterRequest, [batch.numbers.buffer]);
    return appended;
  }

  private reported(report: WriterReport): void {
    this.partitions = report.partitions;
    for (const line of report.logged) this.logger(line);
    const append = this.waiting.shift();
    if (this.waiting.length === 0) this.writer.unref();
    if (report.ok) append?.resolve();
    else append?.reject(new AppendError(report.message, report.definite));
  }

  private writerDied(reason: string): void {
    if (this.broken !== undefined) return;
    // What it was writing may or may not have reached the disk.
    this.broken = new AppendError(reason, false);
    this.logger(reason);
    for (const append of this.waiting.splice(0)) append.reject(this.broken);
  }

  /** Every record, partition by partition. Checksums were verified when the log was opened, and the lock has kept others out since. */
  *records(): Iterable<OffsetRecord> {
    const reader = new SegmentFileReader();
    for (let partition = 0; partition < this.partitionCount; partition++) {
      yield* verifiedSegmentRecords(segmentPath(this.dataDir, partition), reader);
    }
  }

  /** records(), handed to a sink field by field. */
  replay(sink: RecordSink): void {
    const reader = new SegmentFileReader();
    for (let partition = 0; partition < this.partitionCount; partition++) replayVerifiedSegment(segmentPath(this.dataDir, partition), sink, reader);
  }

  /** Record counts per partition, and the next log offset of each, as of the last append. */
  partitionStats(): { records: number; nextOffset: number; bytes: number }[] {
    return this.partitions.map(({ records, nextOffset, size }) => ({ records, nextOffset, bytes: size }));
  }

  /**
   * Waits for the writer to finish and close its files, then unlocks the directory: another
   * node may open it as soon as this returns. Call it once every append has settled (the
   * node's last reply waits for its append); one still waiting is refused.
   */
  close(): void {
    const writerAlive = this.broken === undefined;
    this.broken ??= new AppendError('the log is closed', false);
    for (const append of this.waiting.splice(0)) append.reject(new AppendError('the log was closed while this append was in flight', false));
    if (writerAlive) {
      this.writer.postMessage({ kind: 'close' } satisfies WriterRequest);
      if (Atomics.wait(this.writerClosed, 0, 0, CLOSE_TIMEOUT_MS) === 'timed-out') this.logger(`the log writer did not close its files within ${CLOSE_TIMEOUT_MS} ms`);
    }
    this.releaseLock();
  }
}

/** Makes a partition's segment file whole (cutting off a torn tail) and says where it stands. */
function recoverPartition(dataDir: string, partition: number, reader: SegmentFileReader, logger: (line: string) => void): PartitionState {
  rmSync(compactingPath(dataDir, partition), { force: true }); // a compaction that did not finish
  const path = segmentPath(dataDir, partition);
  const segment = summarizeSegment(path, reader);
  if (segment.tail.kind === 'corrupt') throw new CorruptLogError(path, segment.validBytes, segment.tail.reason);
  const fd = openSync(path, segment.totalBytes === 0 ? 'w+' : 'r+');
  try {
    if (segment.tail.kind === 'torn') {
      ftruncateSync(fd, segment.validBytes);
      fdatasyncSync(fd);
      logger(`${path}: cut off an incomplete record at byte ${segment.validBytes} (${segment.tail.bytes} bytes), left by an interrupted write`);
    }
  } finally {
    closeSync(fd);
  }
  return {
    size: segment.validBytes,
    nextOffset: segment.nextOffset,
    records: segment.records,
    keptByLastCompaction: lastCompactionKept(dataDir, partition),
  };
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
