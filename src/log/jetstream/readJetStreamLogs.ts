import { JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { decodeDataPayload } from '../data/dataPayload.js';
import type { DataRecord } from '../data/dataRecord.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { decodeRecord } from '../format/recordCodec.js';
import { CorruptStreamError } from './corruptStreamError.js';
import { readStream } from './readStream.js';
import { streamNames } from './streamNames.js';
import type { JetStreamLocation } from './jetStreamLocation.js';

export interface LogVisitor {
  /** A record of the offsets stream, with its sequence and subject. */
  offsets?(record: OffsetRecord, seq: number): void;
  /** A record of the data stream, with its sequence. */
  data?(record: DataRecord, seq: number): void;
}

/**
 * Reads a node's streams once, read only (no claim, nothing created), offsets first: what dump,
 * describe and report read. A stream that does not exist reads as empty.
 */
export async function readJetStreamLogs({ server, nodeId }: JetStreamLocation, visitor: LogVisitor): Promise<void> {
  const names = streamNames(nodeId);
  const nc = await connect({ servers: server, reconnect: false });
  try {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const read = async (stream: string, visit: (seq: number, data: Uint8Array) => void): Promise<void> => {
      try {
        await readStream(js, jsm, stream, ({ seq, data }) => visit(seq, data));
      } catch (error) {
        if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
      }
    };
    await read(names.offsetsStream, (seq, data) => {
      let record: OffsetRecord;
      try {
        record = decodeRecord(Buffer.from(data));
      } catch (error) {
        throw new CorruptStreamError(`stream ${names.offsetsStream}, message ${seq}: ${(error as Error).message}`);
      }
      visitor.offsets?.(record, seq);
    });
    await read(names.dataStream, (seq, data) => {
      const record = decodeDataPayload(Buffer.from(data).toString('utf8'));
      if (typeof record === 'string') throw new CorruptStreamError(`stream ${names.dataStream}, message ${seq}: ${record}`);
      visitor.data?.(record, seq);
    });
  } finally {
    await nc.close();
  }
}
