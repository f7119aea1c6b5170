import type { DataLog, ReadLimit } from './dataLog.js';
import type { DataRecord, PolledMessage } from './dataRecord.js';
import { contiguityError } from './contiguityError.js';

/** One key's messages, and the UTF-8 bytes of each as JSON (what a poll's reply budget counts). */
interface KeyLog {
  readonly messages: unknown[];
  readonly sizes: number[];
}

/** The data logs in memory: an append-only array of messages per key. */
export class MemoryDataLog implements DataLog {
  private readonly keys = new Map<string, KeyLog>();

  append(records: readonly DataRecord[]): Promise<void> {
    const refusal = contiguityError(records, (key) => this.keys.get(key)?.messages.length ?? 0);
    if (refusal !== undefined) return Promise.reject(refusal);
    for (const { key, msg } of records) {
      let log = this.keys.get(key);
      if (log === undefined) this.keys.set(key, (log = { messages: [], sizes: [] }));
      log.messages.push(msg);
      log.sizes.push(Buffer.byteLength(JSON.stringify(msg)));
    }
    return Promise.resolve();
  }

  read(key: string, from: number, limit: ReadLimit): { messages: PolledMessage[]; bytes: number } {
    const log = this.keys.get(key);
    const messages: PolledMessage[] = [];
    let bytes = 0;
    if (log === undefined) return { messages, bytes };
    const end = Math.min(limit.end, log.messages.length);
    for (let offset = from; offset < end && messages.length < limit.maxMessages; offset++) {
      const size = log.sizes[offset] as number;
      if (messages.length > 0 && bytes + size > limit.maxBytes) break;
      messages.push([offset, log.messages[offset]]);
      bytes += size;
    }
    return { messages, bytes };
  }

  forEachEnd(visit: (key: string, end: number) => void): void {
    for (const [key, log] of this.keys) visit(key, log.messages.length);
  }

  /** Every record, each key's in offset order. */
  forEachRecord(visit: (record: DataRecord) => void): void {
    for (const [key, log] of this.keys) log.messages.forEach((msg, offset) => visit({ key, offset, msg }));
  }

  close(): void {}
}
