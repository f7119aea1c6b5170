import type { OffsetRecord } from './offsetRecord.js';
import { LastRecord, type RecordSink } from './recordSink.js';

const CHUNK = 16384;

/** Offsets and timestamps are integers up to 2^53-1, exact in a Float64Array; NaN marks a tombstone. */
const TOMBSTONE = Number.NaN;

class Chunk {
  // Sized up front: a growing array's backing store was copied as it grew and promoted by
  // whichever scavenge found it young (41 MB promoted in 1M requests at 1k keys; 16 MB now).
  readonly groups: string[] = new Array<string>(CHUNK);
  readonly topics: string[] = new Array<string>(CHUNK);
  readonly partitions = new Float64Array(CHUNK);
  readonly offsets = new Float64Array(CHUNK);
  readonly timestamps = new Float64Array(CHUNK);
  /** Sparse: most commits carry no metadata. */
  metadata: Map<number, string> | undefined;
}

/** An append-only sequence of records stored column by column, in fixed-size chunks. */
export class RecordColumns {
  private readonly chunks: Chunk[] = [];
  private count = 0;
  /** Where `at` has a record made: one sink for every call. */
  private readonly last = new LastRecord();

  get length(): number {
    return this.count;
  }

  push(record: OffsetRecord): void {
    const index = this.count % CHUNK;
    if (index === 0) this.chunks.push(new Chunk());
    const chunk = this.chunks[this.chunks.length - 1] as Chunk;
    chunk.groups[index] = record.key.group;
    chunk.topics[index] = record.key.topic;
    chunk.partitions[index] = record.key.partition;
    const value = record.value;
    chunk.offsets[index] = value === null ? TOMBSTONE : value.offset;
    chunk.timestamps[index] = value === null ? 0 : value.commitTimestamp;
    if (value?.metadata !== undefined) (chunk.metadata ??= new Map()).set(index, value.metadata);
    this.count++;
  }

  /** The group of the record at `position`, without building the rest of it. */
  groupAt(position: number): string {
    this.check(position);
    return (this.chunks[Math.floor(position / CHUNK)] as Chunk).groups[position % CHUNK] as string;
  }

  at(position: number): OffsetRecord {
    this.check(position);
    this.send(position, this.last);
    return this.last.record as OffsetRecord;
  }

  *records(): Iterable<OffsetRecord> {
    for (let position = 0; position < this.count; position++) yield this.at(position);
  }

  /** Every record, in order, field by field. */
  replay(sink: RecordSink): void {
    for (let position = 0; position < this.count; position++) this.send(position, sink);
  }

  private send(position: number, sink: RecordSink): void {
    const chunk = this.chunks[Math.floor(position / CHUNK)] as Chunk;
    const index = position % CHUNK;
    const group = chunk.groups[index] as string;
    const topic = chunk.topics[index] as string;
    const partition = chunk.partitions[index] as number;
    const offset = chunk.offsets[index] as number;
    if (Number.isNaN(offset)) sink.tombstone(group, topic, partition);
    else sink.commit(group, topic, partition, offset, chunk.timestamps[index] as number, chunk.metadata?.get(index));
  }

  private check(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.count) {
      throw new RangeError(`no record at log offset ${position} (the log holds ${this.count})`);
    }
  }
}
