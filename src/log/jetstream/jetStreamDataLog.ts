import { contiguityError } from '../data/contiguityError.js';
import type { DataLog, ReadLimit } from '../data/dataLog.js';
import { encodeDataPayload } from '../data/dataPayload.js';
import type { DataRecord, PolledMessage } from '../data/dataRecord.js';
import { MemoryDataLog } from '../data/memoryDataLog.js';
import type { AppendError } from '../appendError.js';
import type { JetStreamConnection } from './jetStreamConnection.js';
import { StreamAppender } from './streamAppender.js';
import type { StreamNames } from './streamNames.js';

/**
 * The data logs in a JetStream stream: every record on one subject, in the order appended. A poll
 * reads without a round trip: the records are kept in memory too (read from the stream at open),
 * and a record enters memory only once JetStream acknowledged its append. Appends are checked
 * for contiguity as every data log checks them, against memory and the appends of the same batch.
 */
export class JetStreamDataLog implements DataLog {
  private readonly appender: StreamAppender<readonly DataRecord[]>;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly names: StreamNames,
    private readonly memory: MemoryDataLog,
    lastSeq: number,
  ) {
    const ends = new Map<string, number>();
    memory.forEachEnd((key, end) => ends.set(key, end));
    this.appender = new StreamAppender<readonly DataRecord[]>({
      ...connection.appenderOptions(names.dataStream, lastSeq),
      checker: () => {
        const batchEnds = new Map<string, number>();
        return (records): AppendError | undefined => {
          const refusal = contiguityError(records, (key) => batchEnds.get(key) ?? ends.get(key) ?? 0);
          if (refusal === undefined) for (const { key, offset } of records) batchEnds.set(key, offset + 1);
          return refusal;
        };
      },
      appended: (records) => {
        for (const { key, offset } of records) ends.set(key, offset + 1);
        void memory.append(records);
      },
      // A send that landed although its reply said it failed: the table never counted it, and the
      // key's next send takes its offset, so it is taken out of the stream.
      stray: async (message) => {
        await connection.jsm.streams.deleteMessage(names.dataStream, message.seq, false);
      },
    });
  }

  append(records: readonly DataRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.appender.append(
      records,
      records.map((record) => ({ subject: this.names.dataSubject, payload: Buffer.from(encodeDataPayload(record), 'utf8') })),
    );
  }

  read(key: string, from: number, limit: ReadLimit): { messages: PolledMessage[]; bytes: number } {
    return this.memory.read(key, from, limit);
  }

  forEachEnd(visit: (key: string, end: number) => void): void {
    this.memory.forEachEnd(visit);
  }

  async close(): Promise<void> {
    await this.appender.settled();
    await this.connection.release();
  }
}
