import { AppendError } from '../appendError.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { decodeRecord, encodeRecord } from '../format/recordCodec.js';
import type { OffsetLog } from '../offsetLog.js';
import { DEFAULT_LOG_PARTITIONS } from '../partitionFor.js';
import type { JetStreamConnection } from './jetStreamConnection.js';
import { StreamAppender, type StreamMessage } from './streamAppender.js';
import { MAX_SUBJECT_BYTES, type StreamNames } from './streamNames.js';

interface Appended {
  readonly records: readonly OffsetRecord[];
  readonly subjects: readonly string[];
}

/**
 * The `__consumer_offsets` log in a JetStream stream, one subject per record key (see
 * streamNames.ts), kept compacted by the stream (see ensureStreams.ts). The records the stream
 * holds are also kept here, newest per subject, so that forEachRecord (a rebuild) needs no round trip.
 */
export class JetStreamLog implements OffsetLog {
  readonly partitionCount = DEFAULT_LOG_PARTITIONS;
  private readonly appender: StreamAppender<Appended>;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly names: StreamNames,
    /** The stream's records as read at open, by subject. */
    private readonly records: Map<string, OffsetRecord>,
    lastSeq: number,
  ) {
    this.appender = new StreamAppender<Appended>({
      ...connection.appenderOptions(names.offsetsStream, lastSeq),
      appended: ({ records: appended, subjects }) => appended.forEach((record, index) => this.records.set(subjects[index] as string, record)),
      // A commit that landed although its reply said it failed (indefinitely) is in the log: it stays.
      stray: (message) => {
        this.records.set(message.subject, decodeRecord(Buffer.from(message.data)));
        return Promise.resolve();
      },
    });
  }

  append(records: readonly OffsetRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const subjects = records.map((record) => this.names.offsetsSubject(record.key));
    const tooLong = subjects.findIndex((subject) => Buffer.byteLength(subject) > MAX_SUBJECT_BYTES);
    if (tooLong >= 0) {
      const key = records[tooLong]?.key;
      return Promise.reject(new AppendError(`a record key of at most ${MAX_SUBJECT_BYTES} bytes as a JetStream subject expected, got one of ${Buffer.byteLength(subjects[tooLong] as string)} (group ${JSON.stringify(key?.group).slice(0, 40)}…)`, true));
    }
    const messages: StreamMessage[] = records.map((record, index) => ({ subject: subjects[index] as string, payload: encodeRecord(record) }));
    return this.appender.append({ records, subjects }, messages);
  }

  forEachRecord(visit: (record: OffsetRecord) => void): void {
    for (const record of this.records.values()) visit(record);
  }

  async close(): Promise<void> {
    await this.appender.settled();
    await this.connection.release();
  }
}
