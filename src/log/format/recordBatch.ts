import { commitRecord, tombstoneRecord, type OffsetRecord } from './offsetRecord.js';

/** Per record: partition, offset (NaN for a tombstone), commit timestamp. Integers up to 2^53-1 are exact. */
const FIELDS = 3;
/** How many records a chunk of a growing batch holds. */
const CHUNK = 16384;

/** Some records, column by column. */
interface Chunk {
  /** How many records it holds so far. */
  length: number;
  readonly groups: string[];
  readonly topics: string[];
  readonly numbers: Float64Array<ArrayBuffer>;
  /** The metadata of the few records that carry some, by index in the chunk. */
  metadata: Map<number, string> | undefined;
}

/**
 * Records stored as columns: names in string arrays, numbers in a Float64Array, metadata aside.
 * It is the one stored form of records in memory. The memory log keeps its records this way: no
 * object per record for the collector to trace, however long the log. And an append crosses to
 * the file log's writer thread this way: names structured-cloned and numbers transferred, where
 * records as objects cost about as much to copy to a thread as to serialize (see BENCHMARKS.md,
 * "Choices that rest on a measurement").
 *
 * A batch made `of` some records holds them in one chunk of their size; one that grows by `push`
 * takes chunks of a fixed size, sized up front so that no column is copied as it grows.
 */
export class RecordBatch {
  private constructor(
    private readonly chunks: Chunk[],
    private count: number,
  ) {}

  /** An empty batch, to `push` records onto. */
  static empty(): RecordBatch {
    return new RecordBatch([], 0);
  }

  /** A batch holding these records, in order. */
  static of(records: readonly OffsetRecord[]): RecordBatch {
    const batch = new RecordBatch(records.length === 0 ? [] : [newChunk(records.length)], 0);
    for (const record of records) batch.push(record);
    return batch;
  }

  /** A batch that crossed from another thread (see `transferables`), a RecordBatch again. */
  static revive(clone: RecordBatch): RecordBatch {
    return new RecordBatch(clone.chunks, clone.count);
  }

  get length(): number {
    return this.count;
  }

  push(record: OffsetRecord): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || chunk.length === chunk.groups.length) {
      chunk = newChunk(CHUNK);
      this.chunks.push(chunk);
    }
    const index = chunk.length++;
    const { key, value } = record;
    chunk.groups[index] = key.group;
    chunk.topics[index] = key.topic;
    chunk.numbers[index * FIELDS] = key.partition;
    chunk.numbers[index * FIELDS + 1] = value === null ? Number.NaN : value.offset;
    chunk.numbers[index * FIELDS + 2] = value === null ? 0 : value.commitTimestamp;
    if (value?.metadata !== undefined) (chunk.metadata ??= new Map()).set(index, value.metadata);
    this.count++;
  }

  /** Hands `visit` each record in order, equal field for field to the one pushed. */
  forEach(visit: (record: OffsetRecord) => void): void {
    for (const { length, groups, topics, numbers, metadata } of this.chunks) {
      for (let index = 0; index < length; index++) {
        const group = groups[index] as string;
        const topic = topics[index] as string;
        const partition = numbers[index * FIELDS] as number;
        const offset = numbers[index * FIELDS + 1] as number;
        visit(Number.isNaN(offset) ? tombstoneRecord(group, topic, partition) : commitRecord(group, topic, partition, offset, numbers[index * FIELDS + 2] as number, metadata?.get(index)));
      }
    }
  }

  /** The buffers to transfer when the batch is posted to another thread: this side can no longer read it. */
  transferables(): ArrayBuffer[] {
    return this.chunks.map((chunk) => chunk.numbers.buffer);
  }
}

function newChunk(size: number): Chunk {
  // Holey arrays of the full size: filled in place, never grown.
  return { length: 0, groups: new Array<string>(size), topics: new Array<string>(size), numbers: new Float64Array(size * FIELDS), metadata: undefined };
}
