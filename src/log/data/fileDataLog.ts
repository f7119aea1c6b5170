import { constants, mkdirSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AppendError } from '../appendError.js';
import { GroupCommit, type PendingAppend } from '../groupCommit.js';
import { FRAME_HEADER_BYTES, FrameBatch } from '../format/frame.js';
import { partitionFor } from '../partitionFor.js';
import { DATA_PARTITIONS, dataPartitionDirectory, dataSegmentPath } from './dataLayout.js';
import type { DataLog, ReadLimit } from './dataLog.js';
import { KeyIndex } from './dataIndex.js';
import { encodeDataPayload } from './dataPayload.js';
import type { DataRecord, PolledMessage } from './dataRecord.js';
import { contiguityError } from './contiguityError.js';
import { recoverDataLog } from './recoverDataLog.js';

type Waiting = PendingAppend<readonly DataRecord[]>;

/**
 * The data logs on disk (see dataLayout.ts), written on the main thread with asynchronous writes:
 * appends that arrive while one is being written wait and are then written together, one write
 * and one fdatasync per partition they touch (group commit), and each resolves only once synced.
 * Each append is checked against the keys' ends as the ones before it leave them, so one behind a
 * failed append is refused (definite) rather than leaving a hole. A failed write is cut back off
 * its files; if even that fails, the log refuses every later append (their outcome unknown).
 * Messages stay on disk: the index holds their positions, and a poll reads them from the files.
 * The data directory's lock (taken by the offsets log) keeps other processes out.
 */
export class FileDataLog implements DataLog {
  private readonly handles: (FileHandle | undefined)[] = new Array<undefined>(DATA_PARTITIONS).fill(undefined);
  // A bug, not a failed write: what it did to the files is unknown.
  private readonly appends = new GroupCommit<readonly DataRecord[]>(
    (batch) => this.writeBatch(batch),
    (error) => new AppendError(`data log append failed: ${error.message}`, false),
  );
  private broken: string | undefined;

  private constructor(
    private readonly dataDir: string,
    private readonly keys: Map<string, KeyIndex>,
    /** Each partition file's length: where its next frame goes. */
    private readonly sizes: number[],
    /** Frames in each partition: the next frame's log offset (its place in the partition). */
    private readonly frameCounts: number[],
  ) {}

  /** Opens the data logs of a data directory, recovering them (see recoverDataLog). */
  static async open(dataDir: string, logger: (line: string) => void): Promise<FileDataLog> {
    const { keys, sizes, frames } = recoverDataLog(dataDir, logger);
    const log = new FileDataLog(dataDir, keys, sizes, frames);
    for (let partition = 0; partition < DATA_PARTITIONS; partition++) if ((sizes[partition] as number) > 0) await log.handle(partition);
    return log;
  }

  append(records: readonly DataRecord[]): Promise<void> {
    return this.appends.append(records);
  }

  read(key: string, from: number, limit: ReadLimit): { messages: PolledMessage[]; bytes: number } {
    const index = this.keys.get(key);
    const messages: PolledMessage[] = [];
    let bytes = 0;
    const handle = index === undefined ? undefined : this.handles[index.partition];
    if (index === undefined || handle === undefined) return { messages, bytes };
    const end = Math.min(limit.end, index.end);
    for (let offset = from; offset < end && messages.length < limit.maxMessages; offset++) {
      const size = index.msgBytes[offset] as number;
      if (messages.length > 0 && bytes + size > limit.maxBytes) break;
      messages.push([offset, this.readMessage(handle, index, offset)]);
      bytes += size;
    }
    return { messages, bytes };
  }

  forEachEnd(visit: (key: string, end: number) => void): void {
    for (const [key, index] of this.keys) visit(key, index.end);
  }

  async close(): Promise<void> {
    await this.appends.settled();
    await Promise.all(this.handles.map((handle) => handle?.close()));
  }

  private async writeBatch(batch: readonly Waiting[]): Promise<void> {
    const accepted: Waiting[] = [];
    const ends = new Map<string, number>();
    for (const append of batch) {
      const refusal = this.broken !== undefined ? new AppendError(`the data log is unusable since a failed write could not be undone (${this.broken})`, false) : this.refusal(append.item, ends);
      if (refusal === undefined) accepted.push(append);
      else append.reject(refusal);
    }
    if (accepted.length === 0) return;
    const frames = new Map<number, { batch: FrameBatch; records: DataRecord[] }>();
    for (const { item: records } of accepted) {
      for (const record of records) {
        const partition = this.partitionOf(record.key);
        let partitionFrames = frames.get(partition);
        if (partitionFrames === undefined) frames.set(partition, (partitionFrames = { batch: new FrameBatch(), records: [] }));
        partitionFrames.batch.add(encodeDataPayload(record));
        partitionFrames.records.push(record);
      }
    }
    const failure = await this.writePartitions(frames);
    for (const append of accepted) {
      if (failure === undefined) append.resolve();
      else append.reject(failure);
    }
  }

  /** Refuses records that do not continue each key from its end (as the earlier appends of the batch leave it). */
  private refusal(records: readonly DataRecord[], ends: Map<string, number>): AppendError | undefined {
    const refusal = contiguityError(records, (key) => ends.get(key) ?? this.keys.get(key)?.end ?? 0);
    if (refusal === undefined) for (const { key, offset } of records) ends.set(key, offset + 1);
    return refusal;
  }

  /** Writes and syncs each partition's frames; on success indexes them, on failure cuts them back off. */
  private async writePartitions(frames: Map<number, { batch: FrameBatch; records: DataRecord[] }>): Promise<AppendError | undefined> {
    const starts = new Map<number, number>();
    const written = await Promise.allSettled(
      [...frames].map(async ([partition, { batch, records }]) => {
        const start = this.sizes[partition] as number;
        starts.set(partition, start);
        // A frame's log offset is its place in the partition: the keys' own offsets are in the payloads.
        const bytes = batch.seal(this.frameCounts[partition] as number);
        const handle = await this.handle(partition);
        for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at, start + at)).bytesWritten;
        await handle.datasync();
        return { partition, bytes, records };
      }),
    );
    const failed = written.find((outcome) => outcome.status === 'rejected');
    if (failed === undefined) {
      for (const outcome of written) if (outcome.status === 'fulfilled') this.index(outcome.value.partition, outcome.value.bytes, outcome.value.records);
      return undefined;
    }
    const reason = String((failed.reason as Error).message);
    try {
      for (const [partition, start] of starts) await (await this.handle(partition)).truncate(start);
      return new AppendError(`data log write failed: ${reason}`, true);
    } catch (error) {
      this.broken = `${reason}; then ${(error as Error).message}`;
      return new AppendError(`data log write failed and could not be undone: ${this.broken}`, false);
    }
  }

  private index(partition: number, bytes: Buffer, records: readonly DataRecord[]): void {
    const start = this.sizes[partition] as number;
    let position = 0;
    for (const record of records) {
      const frameBytes = FRAME_HEADER_BYTES + bytes.readUInt32LE(position);
      let index = this.keys.get(record.key);
      if (index === undefined) this.keys.set(record.key, (index = new KeyIndex(partition)));
      index.add(start + position, frameBytes, Buffer.byteLength(JSON.stringify(record.msg)));
      position += frameBytes;
    }
    this.sizes[partition] = start + bytes.length;
    this.frameCounts[partition] = (this.frameCounts[partition] as number) + records.length;
  }

  private partitionOf(key: string): number {
    return this.keys.get(key)?.partition ?? partitionFor(key, DATA_PARTITIONS);
  }

  private async handle(partition: number): Promise<FileHandle> {
    const open_ = this.handles[partition];
    if (open_ !== undefined) return open_;
    mkdirSync(dataPartitionDirectory(this.dataDir, partition), { recursive: true });
    // Not append mode: each write says where it goes, which Linux ignores for a file opened to append.
    const handle = await open(dataSegmentPath(this.dataDir, partition), constants.O_RDWR | constants.O_CREAT);
    this.handles[partition] = handle;
    return handle;
  }

  private readMessage(handle: FileHandle, index: KeyIndex, offset: number): unknown {
    const frameBytes = index.frameBytes[offset] as number;
    const bytes = Buffer.allocUnsafe(frameBytes);
    for (let at = 0; at < frameBytes; ) {
      const got = readSync(handle.fd, bytes, at, frameBytes - at, (index.positions[offset] as number) + at);
      if (got === 0) throw new Error(`data log partition ${index.partition} ends before the message at offset ${offset}`);
      at += got;
    }
    return (JSON.parse(bytes.toString('utf8', FRAME_HEADER_BYTES)) as { msg: unknown }).msg;
  }
}
