import { parentPort } from 'node:worker_threads';
import { AppendError } from '../appendError.js';
import { RecordBatch } from '../format/recordBatch.js';
import { framesByPartition, type PartitionFrames } from './framesByPartition.js';
import { KeyTextCache } from './keyTextCache.js';
import { SegmentWriter, type PartitionState } from './segmentWriter.js';
import { signalClosed, signalFailedToStart, signalStarted, type WriterSignals } from './writerSignals.js';

/**
 * The file log's writer thread (see fileLog.ts). Each batch is serialized as soon as it
 * arrives, while the batches before it are on their way to the disk, and written after them.
 * Every batch gets one report, in order.
 */
export interface WriterSetup {
  readonly dataDir: string;
  readonly partitionCount: number;
  readonly partitions: readonly PartitionState[];
  readonly compactionMinRecords: number;
  /** Where the thread says it started, or why not, and that it closed its files after a close request. */
  readonly signals: WriterSignals;
}

/** The first request is the setup; an append's batch crosses as a structured clone, its numbers transferred (see RecordBatch). */
export type WriterRequest = { readonly kind: 'setup'; readonly setup: WriterSetup } | { readonly kind: 'append'; readonly batch: RecordBatch } | { readonly kind: 'close' };

export type WriterReport =
  | { readonly ok: true; readonly partitions: readonly PartitionState[]; readonly logged: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly definite: boolean; readonly partitions: readonly PartitionState[]; readonly logged: readonly string[] };

const port = parentPort;
if (port === null) throw new Error('writerThread.js runs as a worker thread of the file log');
let logged: string[] = [];
const keyTexts = new KeyTextCache();
let started: { readonly setup: WriterSetup; readonly writer: SegmentWriter } | undefined;
let writing: Promise<void> = Promise.resolve();

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'setup') {
    const { setup } = request;
    try {
      started = { setup, writer: new SegmentWriter(setup.dataDir, setup.partitions, setup.compactionMinRecords, (line) => logged.push(line)) };
    } catch (error) {
      signalFailedToStart(setup.signals, `could not open the segment files: ${(error as Error).message}`);
      port.close();
      return;
    }
    signalStarted(setup.signals);
    return;
  }
  if (started === undefined) throw new Error(`the log writer was sent ${request.kind} before its setup`);
  const { setup, writer } = started;
  if (request.kind === 'close') {
    // After the last write: the thread owns the descriptors, and ends once they are closed.
    writing = writing.then(() => {
      writer.close();
      signalClosed(setup.signals);
      port.close();
    });
    return;
  }
  // A batch that cannot be serialized (a bug) fails on its own, with nothing written; thrown
  // here, it would end the thread and every append after it.
  let frames: PartitionFrames | AppendError;
  try {
    frames = framesByPartition(RecordBatch.revive(request.batch), setup.partitionCount, keyTexts);
  } catch (error) {
    frames = new AppendError(`could not serialize a batch of the offset log: ${(error as Error).message}`, true);
  }
  writing = writing.then(async () => {
    let report: WriterReport;
    try {
      if (frames instanceof AppendError) throw frames;
      await writer.write(frames);
      report = { ok: true, partitions: writer.partitions, logged };
    } catch (error) {
      const definite = error instanceof AppendError && error.definite;
      report = { ok: false, message: (error as Error).message, definite, partitions: writer.partitions, logged };
    }
    logged = [];
    port.postMessage(report);
  });
});
