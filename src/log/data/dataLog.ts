import type { DataRecord, PolledMessage } from './dataRecord.js';

/** How much of one key's log a read may return. */
export interface ReadLimit {
  /** The key's end as the table knows it: nothing at or after it is returned, even when the log holds it. */
  readonly end: number;
  readonly maxMessages: number;
  /** Bytes of serialized messages; the first message is returned whatever its size. */
  readonly maxBytes: number;
}

/** Reading a data log: what a poll needs. */
export interface DataReader {
  /** Messages of `key` from `from` on, contiguous, within `limit`; and how many bytes they take. */
  read(key: string, from: number, limit: ReadLimit): { readonly messages: PolledMessage[]; readonly bytes: number };
}

/**
 * The data logs of every key: records of one key carry offsets 0, 1, 2, … and the log refuses any
 * other. An append whose record for a key does not carry exactly that key's end (counting appends
 * still in flight) is refused with a definite AppendError and writes nothing, so a failed append
 * can never leave a hole that a later one fills past.
 */
export interface DataLog extends DataReader {
  /** Resolves once every record is in the log (synced, when durable); rejects with an AppendError. */
  append(records: readonly DataRecord[]): Promise<void>;
  /** Each key with messages, and its end (one past its last offset): what the table folds from the log. */
  forEachEnd(visit: (key: string, end: number) => void): void;
  close(): void | Promise<void>;
}
