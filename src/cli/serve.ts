import type { DataLog } from '../log/data/dataLog.js';
import { MemoryDataLog } from '../log/data/memoryDataLog.js';
import { MemoryLog } from '../log/memory/memoryLog.js';
import type { OffsetLog } from '../log/offsetLog.js';
import { InitGate } from '../node/initGate.js';
import { OffsetNode } from '../node/offsetNode.js';
import { runStdioNode, type LineHandler } from '../node/stdioNode.js';
import { namesNode, nodePath } from '../node/nodePath.js';
import type { Init } from '../requests/init.js';
import { initialTable, type OffsetTable } from '../state/offsetTable.js';
import { evolve, foldDataLog, produceTable } from '../state/reducer.js';
import type { OpenedLogs } from '../log/jetstream/openJetStreamLogs.js';
import { jetStreamOptions, type JetStreamOptions } from '../log/jetstream/jetStreamOptions.js';
import { CliError, EXIT_USAGE } from './cliError.js';

export function stderrLogger(line: string): void {
  process.stderr.write(`offsetlog: ${line}\n`);
}

export interface ServeOptions {
  /**
   * Keep the log on disk here; without one, the log lives in memory. Each `{node_id}` in it is
   * replaced by the name init gives the node, and the logs are opened then: nodes of one cluster
   * started with the same settings each get a directory of their own.
   */
  readonly dataDir?: string | undefined;
  readonly compactionMinRecords?: number | undefined;
  /** Append a transcript of every line in and out to this file. */
  readonly record?: string | undefined;
  /** Offsets whose last commit is older than this many milliseconds expire. */
  readonly retentionMs?: number | undefined;
  /** In a cluster, how long a forwarded request waits for its owner's answer. */
  readonly forwardTimeoutMs?: number | undefined;
  /** Keep the logs in NATS JetStream streams named after the node (opened at init) instead of a directory. */
  readonly nats?: JetStreamOptions | undefined;
}


/** Settings from the environment, for harnesses that start the node with no arguments. */
export function serveOptionsFromEnv(env: NodeJS.ProcessEnv): ServeOptions {
  const natsUrl = envText(env, 'OFFSETLOG_NATS_URL');
  return {
    nats: natsUrl === undefined ? undefined : natsOptions(natsUrl, envPositive(env, 'OFFSETLOG_NATS_REPLICAS'), envPositive(env, 'OFFSETLOG_NATS_TOMBSTONE_RETENTION_MS')),
    forwardTimeoutMs: envPositive(env, 'OFFSETLOG_FORWARD_TIMEOUT_MS'),
    retentionMs: envPositive(env, 'OFFSETLOG_OFFSETS_RETENTION_MS'),
    dataDir: envText(env, 'OFFSETLOG_DATA_DIR'),
    record: envText(env, 'OFFSETLOG_RECORD'),
    compactionMinRecords: envPositive(env, 'OFFSETLOG_COMPACTION_MIN_RECORDS'),
  };
}

/** A setting's text; undefined when it is unset or empty (as a harness unsets one). */
function envText(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = env[name];
  return text === undefined || text === '' ? undefined : text;
}

/** A setting that must be a positive integer when set. */
export function envPositive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = envText(env, name);
  return text === undefined ? undefined : positiveInteger(name, text);
}

export function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || text.trim() === '') throw new CliError(`${name} must be a positive integer, got ${JSON.stringify(text)}`, EXIT_USAGE);
  return value;
}

/**
 * JetStream settings from comma-separated server URLs, a replica count (default: 3, or fewer when
 * fewer servers are given) and how long a tombstone stays (default: Kafka's delete.retention.ms).
 */
export function natsOptions(urls: string, replicas: number | undefined, tombstoneRetentionMs?: number): JetStreamOptions {
  const servers = urls.split(',').map((url) => url.trim()).filter((url) => url.length > 0);
  if (servers.length === 0) throw new CliError(`NATS server URLs expected (nats://host:port, comma-separated), got ${JSON.stringify(urls)}`, EXIT_USAGE);
  const options = jetStreamOptions(servers, replicas);
  return tombstoneRetentionMs === undefined ? options : { ...options, tombstoneRetentionMs };
}

/**
 * The node on stdin/stdout, as a Maelstrom harness runs it. The file log and the transcript
 * recorder are loaded only when asked for, so that a node in memory starts without their
 * modules (see BENCHMARKS.md for what start-up costs).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const opened: OpenedLogs[] = [];
  // A recorded run stamps each batch once, and the node decides with that same time, so a
  // replay driven by the transcript's timestamps decides expiry exactly as the run did.
  const batchTime = { value: Date.now() };
  const startNode = (logs: OpenedLogs, firstMsgId: number): OffsetNode =>
    new OffsetNode({
      log: logs.log,
      dataLog: logs.dataLog,
      table: logs.table,
      logger: stderrLogger,
      retentionMs: options.retentionMs,
      forwardTimeoutMs: options.forwardTimeoutMs,
      firstMsgId,
      clock: options.record === undefined ? Date.now : () => batchTime.value,
    });
  const openDirectory = async (dataDir: string): Promise<OpenedLogs> => {
    const logs = await openDirectoryLogs(dataDir, options.compactionMinRecords);
    opened.push(logs);
    return logs;
  };
  // Opened at init, by the name it gives: one node's streams are its own.
  const openStreams = async (nats: JetStreamOptions, { nodeId, nodeIds }: Init): Promise<OpenedLogs> => {
    const { openJetStreamLogs } = await import('../log/jetstream/openJetStreamLogs.js');
    // Another writer of these streams: input ends in an error, and the node stops rather than merge.
    const logs = await openJetStreamLogs(nats, nodeId, stderrLogger, (error) => process.stdin.destroy(error), nodeIds);
    opened.push(logs);
    return logs;
  };
  const holdClock = (): (() => void) => {
    const held = batchTime.value;
    return () => {
      batchTime.value = held;
    };
  };
  // A refusal at init: the node has answered init with it and takes no more input; serve fails with it.
  let refusal: Error | undefined;
  const refuse = (error: Error): void => {
    refusal = error;
    process.stdin.destroy(error);
  };
  try {
    const { dataDir, nats } = options;
    if (dataDir !== undefined && nats !== undefined) throw new CliError(`the logs go in a data directory or in JetStream, not both: got ${JSON.stringify(dataDir)} and NATS ${nats.servers.join(',')}`, EXIT_USAGE);
    let node: LineHandler;
    if (nats !== undefined) {
      node = new InitGate({
        start: async (named, firstMsgId) => startNode(await openStreams(nats, named), firstMsgId),
        onRefused: refuse,
        holdClock,
        logger: stderrLogger,
      });
    } else if (dataDir === undefined) {
      node = startNode({ log: new MemoryLog(), dataLog: new MemoryDataLog(), table: initialTable() }, 0);
    } else {
      const atStart = namesNode(dataDir) ? undefined : startNode(await openDirectory(dataDir), 0);
      node = new InitGate({
        before: atStart,
        start: async (named, firstMsgId) => {
          const directory = nodePath(dataDir, named.nodeId);
          const logs = atStart === undefined ? await openDirectory(directory) : undefined;
          // Checked while the directory's lock is held, so no other node can claim it meanwhile.
          (await import('../log/file/membership.js')).claimMembership(directory, named.nodeId, named.nodeIds);
          return atStart ?? startNode(logs as OpenedLogs, firstMsgId);
        },
        onRefused: refuse,
        holdClock,
        logger: stderrLogger,
      });
    }
    const recordedConfig = {
      retentionMs: options.retentionMs,
      durable: dataDir !== undefined || nats !== undefined,
      forwardTimeoutMs: options.forwardTimeoutMs,
      opensAtInit: nats !== undefined || (dataDir !== undefined && namesNode(dataDir)),
    };
    const recorder = options.record === undefined ? undefined : new (await import('../replay/recordingHandler.js')).RecordingHandler(node, options.record, recordedConfig, () => (batchTime.value = Date.now()));
    try {
      await runStdioNode(recorder ?? node, process.stdin, process.stdout, stderrLogger);
    } finally {
      recorder?.close();
    }
    // Input may have ended before the refusal could end it with an error.
    if (refusal !== undefined) throw refusal;
  } finally {
    for (const logs of opened) {
      await logs.dataLog.close();
      await logs.log.close();
    }
  }
}

/** The offsets log and the data logs in `dataDir`, and the table they lead to. */
async function openDirectoryLogs(dataDir: string, compactionMinRecords: number | undefined): Promise<OpenedLogs> {
  const { log, table } = await openFileLog(dataDir, compactionMinRecords);
  try {
    // Opened once the offsets log holds the directory's lock.
    const dataLog = await (await import('../log/data/fileDataLog.js')).FileDataLog.open(dataDir, stderrLogger);
    return { log, dataLog, table: foldDataLog(dataLog, table) };
  } catch (error) {
    await log.close();
    throw error;
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
