import stableStringify from 'fast-json-stable-stringify';
import type { OffsetKey, OffsetRecord, OffsetValue } from './offsetRecord.js';

/**
 * A record's bytes: fast-json-stable-stringify sorts keys, so the same record always
 * gives the same bytes, whatever order its fields were built in. Strings are escaped by
 * JSON.stringify, so lone surrogates survive the round trip through UTF-8.
 */
export function encodeRecord(record: OffsetRecord): Buffer {
  return Buffer.from(recordText(record), 'utf8');
}

/** encodeRecord's bytes as text, for writers that lay out many records in one buffer. */
export function recordText(record: OffsetRecord): string {
  return stableStringify(record);
}

/** A record key's part of recordText. */
export function keyText(key: OffsetKey): string {
  return stableStringify(key);
}

/**
 * recordText of the record with this key and value, given the key's text (see keyTextCache.ts).
 * fast-json-stable-stringify writes an object's fields in sorted order and adds no spaces, so a
 * record reads `{"key":<key>,"value":<value>}`; the codec tests check the two agree byte for byte.
 */
export function recordTextWithKey(keyText: string, value: OffsetValue | null): string {
  return `{"key":${keyText},"value":${stableStringify(value)}}`;
}

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

/** The inverse of encodeRecord, checking every field, since the bytes may come from a damaged file. */
export function decodeRecord(bytes: Buffer): OffsetRecord {
  return decodeRecordText(bytes.toString('utf8'));
}

/** decodeRecord of bytes already read as UTF-8 text. */
export function decodeRecordText(text: string): OffsetRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RecordFormatError(`record is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new RecordFormatError('record is not an object');
  return { key: decodeKey(parsed['key']), value: decodeValue(parsed['value']) };
}

function decodeKey(key: unknown): OffsetKey {
  if (!isObject(key)) throw new RecordFormatError('record key is not an object');
  const { group, topic, partition } = key;
  if (typeof group !== 'string' || group.length === 0) throw new RecordFormatError('record key has no group');
  if (typeof topic !== 'string' || topic.length === 0) throw new RecordFormatError('record key has no topic');
  if (!isIndex(partition)) throw new RecordFormatError('record key has no valid partition');
  return { group, topic, partition };
}

function decodeValue(value: unknown): OffsetValue | null {
  if (value === null) return null;
  if (!isObject(value)) throw new RecordFormatError('record value is neither an object nor null');
  const { offset, commitTimestamp, metadata } = value;
  if (!isIndex(offset)) throw new RecordFormatError('record value has no valid offset');
  if (!isIndex(commitTimestamp)) throw new RecordFormatError('record value has no valid commitTimestamp');
  if (metadata === undefined) return { offset, commitTimestamp };
  if (typeof metadata !== 'string') throw new RecordFormatError('record metadata is not a string');
  return { offset, commitTimestamp, metadata };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const KEY_START = Buffer.from('{"key":');
const KEY_END = Buffer.from('},"value":');
const TOMBSTONE_END = Buffer.from('"value":null}');

/**
 * A record's key and whether it is a tombstone, read from its bytes (`bytes[start..end)`, so a
 * whole segment can be read in place) without parsing them. encodeRecord sorts fields, so every
 * payload reads `{"key":{...},"value":...}`; inside a JSON string a quote is always escaped, so
 * the first `},"value":` is the one that ends the key. The key's bytes are canonical too: equal
 * keys have equal bytes. Compaction needs only this.
 */
export function peekRecordKey(bytes: Buffer, start = 0, end = bytes.length): { readonly key: string; readonly tombstone: boolean } {
  const keyEnd = bytes.indexOf(KEY_END, start);
  if (afterLiteral(bytes, start, KEY_START) < 0 || keyEnd === -1 || keyEnd + KEY_END.length > end) throw new RecordFormatError('record bytes do not start with a key');
  return { key: bytes.toString('latin1', start + KEY_START.length, keyEnd + 1), tombstone: afterLiteral(bytes, end - TOMBSTONE_END.length, TOMBSTONE_END) === end };
}

/**
 * Where `literal` ends if it sits in `bytes` at `position`; -1 if not (or if `position` is -1
 * already, so that readers can chain calls). A loop: for a few bytes, cheaper than a subarray.
 */
export function afterLiteral(bytes: Uint8Array, position: number, literal: Uint8Array): number {
  if (position < 0 || position + literal.length > bytes.length) return -1;
  for (let i = 0; i < literal.length; i++) if (bytes[position + i] !== literal[i]) return -1;
  return position + literal.length;
}
