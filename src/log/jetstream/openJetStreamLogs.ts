import { JetStreamApiError } from '@nats-io/jetstream';
import { ConnectionError, RequestError, TimeoutError } from '@nats-io/transport-node';
import type { OffsetLog } from '../offsetLog.js';
import type { DataLog } from '../data/dataLog.js';
import { MemoryDataLog } from '../data/memoryDataLog.js';
import { contiguityError } from '../data/contiguityError.js';
import { decodeDataPayload } from '../data/dataPayload.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { RecordDecoder } from '../format/recordCodec.js';
import { AppendError } from '../appendError.js';
import { initialTable, type OffsetTable } from '../../state/offsetTable.js';
import { evolve, foldDataLog, produceTable } from '../../state/reducer.js';
import { JetStreamConnection } from './jetStreamConnection.js';
import { JetStreamDataLog } from './jetStreamDataLog.js';
import { JetStreamLog, type StoredTombstone } from './jetStreamLog.js';
import type { JetStreamOptions } from './jetStreamOptions.js';
import { CorruptStreamError } from './corruptStreamError.js';
import { ensureStreams } from './ensureStreams.js';
import { readStream } from './readStream.js';
import { fenceStreams } from './fenceStreams.js';
import { claimStreamMembership } from './streamMembership.js';
import { streamNames } from './streamNames.js';
import { WriterLease } from './writerLease.js';

/** A node's logs, opened, and the table they lead to. */
export interface OpenedLogs {
  readonly log: OffsetLog;
  readonly dataLog: DataLog;
  readonly table: OffsetTable;
}

/**
 * Opens node `nodeId`'s logs in JetStream (see streamNames.ts): creates the streams where missing,
 * claims them for this writer (a live one elsewhere makes this refuse, see writerLease.ts), and
 * reads both streams whole, folding the table as the records come: a node with no local state
 * starts from the streams alone. `onTaken` is told if another writer shows up later.
 */
export async function openJetStreamLogs(
  options: JetStreamOptions,
  nodeId: string,
  logger: (line: string) => void,
  onTaken: (error: AppendError) => void = () => {},
  /** The cluster init names: the streams must hold this node's share of it (see streamMembership.ts). */
  nodeIds: readonly string[] = [nodeId],
): Promise<OpenedLogs> {
  // A node may start while its servers are still electing stream leaders (one just restarted, say):
  // it waits for them a while rather than refuse to start.
  const deadline = Date.now() + OPEN_PATIENCE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOnce(options, nodeId, logger, onTaken, nodeIds);
    } catch (error) {
      if (!isTransient(error) || Date.now() >= deadline) throw error;
      logger(`JetStream is not ready for node ${JSON.stringify(nodeId)} (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }
}

/** How long a node waits at start for JetStream to answer, before it refuses to start. */
const OPEN_PATIENCE_MS = 30_000;

/** A failure that a later attempt may not meet: no answer in time, nobody to answer yet, or no stream leader yet. */
function isTransient(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof RequestError || error instanceof ConnectionError || (error as Error).name === 'JetStreamNotEnabled') return true;
  return error instanceof JetStreamApiError && (error.status === 503 || error.status === 408);
}

async function openOnce(options: JetStreamOptions, nodeId: string, logger: (line: string) => void, onTaken: (error: AppendError) => void, nodeIds: readonly string[]): Promise<OpenedLogs> {
  const names = streamNames(nodeId);
  const connection = await JetStreamConnection.open(options, `offsetlog ${nodeId}`, onTaken, logger);
  try {
    await ensureStreams(connection.jsm, names, options.replicas);
    connection.lease = await WriterLease.claim({
      js: connection.js,
      jsm: connection.jsm,
      subject: names.writerSubject,
      nodeId,
      writerId: connection.writerId,
      leaseMs: options.leaseMs,
      lost: (reason) => connection.markTaken(new AppendError(reason, true)),
      logger,
    });
    await claimStreamMembership(connection.js, connection.jsm, names, nodeId, nodeIds);
    await fenceStreams(connection.js, names, connection.writerId);
    const records = new Map<string, OffsetRecord>();
    const decoder = new RecordDecoder();
    // Gathered first, then folded in one produce: the stream's read is asynchronous, a produce is not.
    const tombstones = new Map<string, StoredTombstone>();
    const offsetsEnd = await readStream(connection.js, connection.jsm, names.offsetsStream, ({ seq, subject, data, time }) => {
      let record: OffsetRecord;
      try {
        record = decoder.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 0, data.byteLength);
      } catch (error) {
        throw new CorruptStreamError(`stream ${names.offsetsStream}, message ${seq}: ${(error as Error).message}`);
      }
      records.set(subject, record);
      if (record.value === null) tombstones.set(subject, { seq, time });
      else tombstones.delete(subject);
    });
    const offsetsTable = produceTable(initialTable(), (draft, batch) => {
      for (const record of records.values()) evolve(draft, record, batch);
    });
    const memory = new MemoryDataLog();
    const ends = new Map<string, number>();
    let dataRecords = 0;
    const dataEnd = await readStream(connection.js, connection.jsm, names.dataStream, ({ seq, data }) => {
      const record = decodeDataPayload(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
      const wrong = typeof record === 'string' ? record : contiguityError([record], (key) => ends.get(key) ?? 0)?.message;
      if (typeof record === 'string' || wrong !== undefined) throw new CorruptStreamError(`stream ${names.dataStream}, message ${seq}: ${wrong}`);
      ends.set(record.key, record.offset + 1);
      dataRecords++;
      void memory.append([record]);
    });
    const log = new JetStreamLog(connection, names, records, tombstones, offsetsEnd, options.tombstoneRetentionMs);
    const dataLog = new JetStreamDataLog(connection, names, memory, dataEnd);
    logger(`JetStream: read ${records.size} offset records and ${dataRecords} data messages of node ${JSON.stringify(nodeId)} (streams ${names.offsetsStream}, ${names.dataStream}, ${options.replicas} replicas)`);
    return { log, dataLog, table: foldDataLog(dataLog, offsetsTable) };
  } catch (error) {
    await connection.lease?.close(false);
    await connection.nc.close();
    throw error;
  }
}
