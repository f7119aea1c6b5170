import type { DataLog } from '../log/data/dataLog.js';
import { MemoryDataLog } from '../log/data/memoryDataLog.js';
import { MemoryLog } from '../log/memory/memoryLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { OffsetNode } from '../node/offsetNode.js';
import { runStdioNode } from '../node/stdioNode.js';
import { initialTable, type OffsetTable } from '../state/offsetTable.js';
import { evolve, foldDataLog, produceTable } from '../state/reducer.js';
import { CliError, EXIT_USAGE } from './cliError.js';

export function stderrLogger(line: string): void {
  process.stderr.write(`offsetlog: ${line}\n`);
}

export interface ServeOptions {
  /** Keep the log on disk here; without one, the log lives in memory. */
  readonly dataDir?: string | undefined;
  readonly compactionMinRecords?: number | undefined;
  /** Append a transcript of every line in and out to this file. */
  readonly record?: string | undefined;
  /** Offsets whose last commit is older than this many milliseconds expire. */
  readonly retentionMs?: number | undefined;
}

/** Settings from the environment, for harnesses that start the node with no arguments. */
export function serveOptionsFromEnv(env: NodeJS.ProcessEnv): ServeOptions {
  const dataDir = env['OFFSETLOG_DATA_DIR'];
  const compaction = env['OFFSETLOG_COMPACTION_MIN_RECORDS'];
  const record = env['OFFSETLOG_RECORD'];
  const retention = env['OFFSETLOG_OFFSETS_RETENTION_MS'];
  return {
    retentionMs: retention === undefined || retention === '' ? undefined : positiveInteger('OFFSETLOG_OFFSETS_RETENTION_MS', retention),
    dataDir: dataDir === undefined || dataDir === '' ? undefined : dataDir,
    record: record === undefined || record === '' ? undefined : record,
    compactionMinRecords: compaction === undefined || compaction === '' ? undefined : positiveInteger('OFFSETLOG_COMPACTION_MIN_RECORDS', compaction),
  };
}

export function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || text.trim() === '') throw new CliError(`${name} must be a positive integer, got ${JSON.stringify(text)}`, EXIT_USAGE);
  return value;
}

/**
 * The node on stdin/stdout, as a Maelstrom harness runs it. The file log and the transcript
 * recorder are loaded only when asked for, so that a node in memory starts without their
 * modules (see BENCHMARKS.md for what start-up costs).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const { log, table } = options.dataDir === undefined ? { log: new MemoryLog(), table: initialTable() } : await openFileLog(options.dataDir, options.compactionMinRecords);
  let dataLog: DataLog | undefined;
  try {
    // Opened once the offsets log holds the directory's lock.
    dataLog = options.dataDir === undefined ? new MemoryDataLog() : await (await import('../log/data/fileDataLog.js')).FileDataLog.open(options.dataDir, stderrLogger);
    // A recorded run stamps each batch once, and the node decides with that same time, so a
    // replay driven by the transcript's timestamps decides expiry exactly as the run did.
    const batchTime = { value: Date.now() };
    const node = new OffsetNode({
      log,
      dataLog,
      table: foldDataLog(dataLog, table),
      logger: stderrLogger,
      retentionMs: options.retentionMs,
      clock: options.record === undefined ? Date.now : () => batchTime.value,
    });
    const recorder = options.record === undefined ? undefined : new (await import('../replay/transcript.js')).RecordingHandler(node, options.record, { retentionMs: options.retentionMs, durable: options.dataDir !== undefined }, () => (batchTime.value = Date.now()));
    try {
      await runStdioNode(recorder ?? node, process.stdin, process.stdout, stderrLogger);
    } finally {
      recorder?.close();
    }
  } finally {
    await dataLog?.close();
    await log.close();
  }
}

/** The file log in `dataDir`, and the table it leads to, folded as the log is opened and checked: one read of it. */
async function openFileLog(dataDir: string, compactionMinRecords: number | undefined): Promise<{ log: OffsetLog; table: OffsetTable }> {
  const { FileLog } = await import('../log/file/fileLog.js');
  let log: OffsetLog | undefined;
  const table = produceTable(initialTable(), (draft, batch) => {
    log = FileLog.open(dataDir, {
      logger: stderrLogger,
      onRecord: (record) => evolve(draft, record, batch),
      // Input ends in an error: the node answers what it has read, and stops with a failure status.
      onWriterDied: (error) => process.stdin.destroy(error),
      ...(compactionMinRecords === undefined ? {} : { compactionMinRecords }),
    });
  });
  return { log: log as OffsetLog, table };
}
