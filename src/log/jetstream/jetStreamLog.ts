import { AppendError } from '../appendError.js';
import type { OffsetRecord } from '../format/offsetRecord.js';
import { decodeRecord, encodeRecord } from '../format/recordCodec.js';
import type { OffsetLog } from '../offsetLog.js';
import { DEFAULT_LOG_PARTITIONS } from '../partitionFor.js';
import type { JetStreamConnection } from './jetStreamConnection.js';
import { StreamAppender, type StreamMessage } from './streamAppender.js';
import { MAX_SUBJECT_BYTES, type StreamNames } from './streamNames.js';

/** How often expired tombstones are looked for, at most. */
const SWEEP_EVERY_MS = 60_000;

interface Appended {
  readonly records: readonly OffsetRecord[];
  readonly subjects: readonly string[];
}

/** A tombstone in the stream: the last message of its key's subject, and when it was stored. */
export interface StoredTombstone {
  readonly seq: number;
  readonly time: number;
}

/**
 * The `__consumer_offsets` log in a JetStream stream, one subject per record key (see
 * streamNames.ts), kept compacted by the stream (see ensureStreams.ts). The records the stream
 * holds are also kept here, newest per subject, so that forEachRecord (a rebuild) needs no round trip.
 * A tombstone stays for the retention period, as Kafka keeps one for delete.retention.ms so that
 * a reader catching up still sees the delete; then its subject is purged (see purgeTombstones).
 */
export class JetStreamLog implements OffsetLog {
  readonly partitionCount = DEFAULT_LOG_PARTITIONS;
  private readonly appender: StreamAppender<Appended>;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly names: StreamNames,
    /** The stream's records as read at open, by subject. */
    private readonly records: Map<string, OffsetRecord>,
    /** The tombstones among them, by subject. */
    private readonly tombstones: Map<string, StoredTombstone>,
    lastSeq: number,
    private readonly tombstoneRetentionMs: number,
  ) {
    this.appender = new StreamAppender<Appended>({
      ...connection.appenderOptions(names.offsetsStream, lastSeq),
      appended: ({ records: appended, subjects }, firstSeq) => appended.forEach((record, index) => this.keep(subjects[index] as string, record, firstSeq + index, Date.now())),
      // A commit that landed although its reply said it failed (indefinitely) is in the log: it stays.
      stray: (message) => {
        this.keep(message.subject, decodeRecord(Buffer.from(message.data)), message.seq, message.time.getTime());
        return Promise.resolve();
      },
    });
    this.sweep = setInterval(() => void this.purgeTombstones(Date.now()), Math.min(tombstoneRetentionMs, SWEEP_EVERY_MS));
    this.sweep.unref();
  }

  /**
   * Purges the subjects whose tombstone is older than the retention period at `now`; how many.
   * Each purge takes only messages up to its tombstone, so a commit of the key that lands meanwhile
   * stays. One that fails is tried again at the next sweep.
   */
  async purgeTombstones(now: number): Promise<number> {
    let purged = 0;
    for (const [subject, tombstone] of [...this.tombstones]) {
      if (tombstone.time + this.tombstoneRetentionMs > now) continue;
      try {
        await this.connection.jsm.streams.purge(this.names.offsetsStream, { filter: subject, seq: tombstone.seq + 1 });
      } catch {
        continue;
      }
      if (this.tombstones.get(subject)?.seq !== tombstone.seq) continue;
      this.tombstones.delete(subject);
      this.records.delete(subject);
      purged++;
    }
    return purged;
  }

  private keep(subject: string, record: OffsetRecord, seq: number, time: number): void {
    this.records.set(subject, record);
    if (record.value === null) this.tombstones.set(subject, { seq, time });
    else this.tombstones.delete(subject);
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
    clearInterval(this.sweep);
    await this.appender.settled();
    await this.connection.release();
  }
}
