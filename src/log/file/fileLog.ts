import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppendError } from '../appendError.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { RecordBatch } from '../format/recordBatch.js';
import type { OffsetLog } from '../offsetLog.js';
import { CorruptLogError } from './corruptLogError.js';
import { compactingPath, compactionMarkPath, openLayout, segmentPath } from './dataDirectory.js';
import { lockDataDirectory } from './directoryLock.js';
import { SegmentReader } from './segmentReader.js';
import type { PartitionState } from './segmentWriter.js';
import type { WriterReport, WriterRequest, WriterSetup } from './writerThread.js';
import { newWriterSignals, waitForClose, waitForStart, type WriterSignals } from './writerSignals.js';

export interface FileLogOptions {
  /** Partition count for a new directory; an existing one keeps its own. */
  readonly partitions?: number;
  /** A partition is compacted once it holds this many records and twice what its last compaction kept. */
  readonly compactionMinRecords?: number;
  readonly logger?: (line: string) => void;
  /**
   * Takes every record of the log while it is opened, each verified, partition by partition in
   * log order: the one pass that both checks the log and hands it to the caller (a restart
   * folds its table here). If `open` then throws, what it was handed is to be thrown away.
   */
  readonly onRecord?: (record: OffsetRecord) => void;
  /**
   * Told once if the writer thread dies while the log is open. The appends it had are refused as
   * maybe recorded, every later one as not recorded: nothing can be written any more, so the
   * node is to answer what it holds and stop (see README, "What survives what").
   */
  readonly onWriterDied?: (error: AppendError) => void;
  /** For tests: handed the writer thread once it has started, to end it as a fault would. */
  readonly onWriterStarted?: (writer: Worker) => void;
}

/** The writer thread could not start: the log cannot be written, so it is not opened. */
export class LogWriterError extends Error {
  override readonly name = 'LogWriterError';
}

const CLOSE_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 60_000;

/**
 * The `__consumer_offsets` log on disk: one segment file per partition (see dataDirectory.ts).
 *
 * Opening, recovery and reading happen here; appends are written by a writer thread
 * (writerThread.ts, with segmentWriter.ts), which serializes each batch as soon as it is handed
 * in, while the node decides the next one, and writes and syncs the batches in order:
 * serializing records is the costliest part of an append, and is kept off the node's thread.
 * An append resolves once its batch is synced.
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
    private readonly signals: WriterSignals,
    private readonly releaseLock: () => void,
    private readonly logger: (line: string) => void,
    private readonly onWriterDied: (error: AppendError) => void,
  ) {
    writer.on('message', (report: WriterReport) => this.reported(report));
    writer.on('error', (error: Error) => this.writerDied(`the log writer failed: ${error.message}`));
    writer.on('exit', (code: number) => this.writerDied(`the log writer stopped (exit code ${code})`));
    writer.unref(); // an idle writer must not keep the process alive; a waiting append refs it
  }

  /**
   * Opens (or creates) a data directory: locks it, and reads every segment once, checking each
   * record and handing it to `onRecord`; cuts off a torn tail left by a crash, and refuses a
   * log with a damaged record, naming the file and byte.
   */
  static open(dataDir: string, options: FileLogOptions = {}): FileLog {
    const logger = options.logger ?? (() => {});
    const partitionCount = openLayout(dataDir, options.partitions);
    const releaseLock = lockDataDirectory(dataDir);
    let writer: Worker | undefined;
    try {
      // Started first, so that the thread starts up while the segments are read, rather than
      // on the node's heels once they are. It opens the segment files itself, once it is told
      // where they stand: a worker thread's descriptors are its own.
      writer = new Worker(new URL('./writerThread.js', import.meta.url));
      const partitions: PartitionState[] = [];
      const reader = new SegmentReader({ verify: true });
      for (let partition = 0; partition < partitionCount; partition++) partitions.push(recoverPartition(dataDir, partition, reader, options.onRecord, logger));
      const signals = newWriterSignals();
      const setup: WriterSetup = { dataDir, partitionCount, partitions, compactionMinRecords: options.compactionMinRecords ?? 10_000, signals };
      writer.postMessage({ kind: 'setup', setup } satisfies WriterRequest);
      // A log that cannot be written is refused here, before the node takes any request.
      const failure = waitForStart(signals, START_TIMEOUT_MS);
      if (failure !== undefined) throw new LogWriterError(`the log writer could not start: ${failure}`);
      const log = new FileLog(dataDir, partitionCount, partitions, writer, signals, releaseLock, logger, options.onWriterDied ?? (() => {}));
      options.onWriterStarted?.(writer);
      return log;
    } catch (error) {
      void writer?.terminate();
      releaseLock();
      throw error;
    }
  }

  append(records: readonly OffsetRecord[]): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const batch = RecordBatch.of(records);
    const appended = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.waiting.length === 1) this.writer.ref();
    this.writer.postMessage({ kind: 'append', batch } satisfies WriterRequest, batch.transferables());
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
    // With no writer, nothing more reaches the disk; what it was writing may or may not have.
    this.broken = new AppendError(`${reason}; the log can no longer be written`, true);
    this.logger(this.broken.message);
    const inFlight = new AppendError(reason, false);
    for (const append of this.waiting.splice(0)) append.reject(inFlight);
    this.onWriterDied(this.broken);
  }

  /**
   * Every record as of the writer's last report, partition by partition. Checksums are not
   * checked again: they were when the log was opened, every later byte was written by this
   * process, and the lock has kept others out since.
   */
  forEachRecord(visit: (record: OffsetRecord) => void): void {
    const reader = new SegmentReader({ verify: false });
    for (const [partition, { size }] of this.partitions.entries()) {
      const path = segmentPath(this.dataDir, partition);
      const end = reader.readFile(path, visit, size);
      if (end.tail.kind === 'corrupt') throw new CorruptLogError(path, end.validBytes, end.tail.reason);
    }
  }

  /**
   * Waits for the writer to finish and close its files, then unlocks the directory: another
   * node may open it as soon as this returns (the promise is settled by then). Call it once every
   * append has settled (the node's last reply waits for its append); one still waiting is refused.
   * Rejects, once unlocked, if the writer thread died while the log was open.
   */
  close(): Promise<void> {
    const died = this.broken;
    const writerAlive = died === undefined;
    this.broken ??= new AppendError('the log is closed', false);
    for (const append of this.waiting.splice(0)) append.reject(new AppendError('the log was closed while this append was in flight', false));
    if (writerAlive) {
      this.writer.postMessage({ kind: 'close' } satisfies WriterRequest);
      if (!waitForClose(this.signals, CLOSE_TIMEOUT_MS)) this.logger(`the log writer did not close its files within ${CLOSE_TIMEOUT_MS} ms`);
    }
    this.releaseLock();
    // A writer that died is a failure of the run, even once everything is answered.
    return died === undefined ? Promise.resolve() : Promise.reject(died);
  }
}

/**
 * Reads a partition's segment once, verifying each record and handing it to `onRecord`; makes
 * the file whole (cutting off a torn tail) and says where it stands.
 */
function recoverPartition(dataDir: string, partition: number, reader: SegmentReader, onRecord: ((record: OffsetRecord) => void) | undefined, logger: (line: string) => void): PartitionState {
  rmSync(compactingPath(dataDir, partition), { force: true }); // a compaction that did not finish
  const path = segmentPath(dataDir, partition);
  const segment = reader.readFile(path, onRecord);
  if (segment.tail.kind === 'corrupt') throw new CorruptLogError(path, segment.validBytes, segment.tail.reason);
  const fd = openSync(path, 'r+');
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
