import stableStringify from 'fast-json-stable-stringify';
import { commitRecord, tombstoneRecord, type OffsetKey, type OffsetRecord, type OffsetValue } from './offsetRecord.js';

/*
 * A record's stored form: its JSON text in UTF-8, as fast-json-stable-stringify writes it
 * (fields sorted, no spaces):
 *   {"key":{"group":"g","partition":0,"topic":"t"},"value":{"commitTimestamp":1,"offset":2}}
 *   {"key":{"group":"g","partition":0,"topic":"t"},"value":{"commitTimestamp":1,"metadata":"m","offset":2}}
 *   {"key":{"group":"g","partition":0,"topic":"t"},"value":null}          a tombstone
 * Sorted fields give the same record the same bytes whatever order its fields were built in, and
 * equal keys equal key bytes (compaction relies on it). Strings are escaped by JSON.stringify, so
 * lone surrogates survive the round trip. Golden bytes: fixtures/records/.
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

/** recordText of the record with this key and value, given the key's text (see file/keyTextCache.ts). */
export function recordTextWithKey(keyText: string, value: OffsetValue | null): string {
  return `{"key":${keyText},"value":${stableStringify(value)}}`;
}

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

/** The record in `bytes`, every field checked (the bytes may come from a damaged file). */
export function decodeRecord(bytes: Buffer): OffsetRecord {
  return new RecordDecoder().decode(bytes, 0, bytes.length);
}

/**
 * Decodes the records of one segment, in order. A record laid out exactly as the encoder writes
 * the common case (names of printable ASCII with nothing escaped, integers as plain digits) is
 * read straight from its bytes; anything else (an escape, a non-ASCII or empty name, a number
 * that is not a safe integer, any byte out of place) is decoded in full by JSON.parse, so the
 * shortcut never gives a second opinion. A restart reads every record of the log, and the
 * shortcut is the faster of the two (see BENCHMARKS.md, "Choices that rest on a measurement").
 *
 * A name equal to the previous record's is given back as that same string, so the records of
 * a segment, and the table built from them, share one string per run of equal names.
 */
export class RecordDecoder {
  private group = '';
  private topic = '';

  /** The record in `bytes[start..end)`, or a RecordFormatError saying what is wrong with it. */
  decode(bytes: Buffer, start: number, end: number): OffsetRecord {
    return this.decodeCanonical(bytes, start, end) ?? decodeRecordText(bytes.toString('utf8', start, end));
  }

  /** The shortcut alone: the record, or undefined when the bytes are not laid out canonically. */
  decodeCanonical(bytes: Buffer, start: number, end: number): OffsetRecord | undefined {
    let position = afterLiteral(bytes, start, GROUP_PREFIX);
    const group = name(bytes, position, end, this.group);
    if (group === undefined) return undefined;
    position = afterLiteral(bytes, position + group.length + 1, PARTITION_PREFIX);
    const partition = integer(bytes, position, end);
    if (partition === undefined) return undefined;
    position = afterLiteral(bytes, partition.next, TOPIC_PREFIX);
    const topic = name(bytes, position, end, this.topic);
    if (topic === undefined) return undefined;
    position = afterLiteral(bytes, position + topic.length + 1, VALUE_PREFIX);
    if (position < 0) return undefined;
    if (afterLiteral(bytes, position, NULL_VALUE) === end) {
      this.remember(group, topic);
      return tombstoneRecord(group, topic, partition.value);
    }
    position = afterLiteral(bytes, position, TIMESTAMP_PREFIX);
    const commitTimestamp = integer(bytes, position, end);
    if (commitTimestamp === undefined) return undefined;
    let metadata: string | undefined;
    position = afterLiteral(bytes, commitTimestamp.next, METADATA_PREFIX);
    if (position >= 0) {
      // Metadata may be empty, unlike the names.
      metadata = bytes[position] === QUOTE ? '' : name(bytes, position, end, '');
      if (metadata === undefined) return undefined;
      position = afterLiteral(bytes, position + metadata.length + 1, OFFSET_PREFIX);
    } else {
      position = afterLiteral(bytes, commitTimestamp.next, OFFSET_PREFIX);
    }
    const offset = integer(bytes, position, end);
    if (offset === undefined || afterLiteral(bytes, offset.next, RECORD_END) !== end) return undefined;
    this.remember(group, topic);
    return commitRecord(group, topic, partition.value, offset.value, commitTimestamp.value, metadata);
  }

  private remember(group: string, topic: string): void {
    this.group = group;
    this.topic = topic;
  }
}

/** The full decode: JSON.parse, then every field checked. RecordDecoder falls back on it. */
export function decodeRecordText(text: string): OffsetRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RecordFormatError(`record is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new RecordFormatError(`record is not an object: ${describe(parsed)}`);
  return { key: decodeKey(parsed['key']), value: decodeValue(parsed['value']) };
}

function decodeKey(key: unknown): OffsetKey {
  if (!isObject(key)) throw new RecordFormatError(`record key is not an object: ${describe(key)}`);
  const { group, topic, partition } = key;
  if (typeof group !== 'string' || group.length === 0) throw new RecordFormatError(`record key has no group: a non-empty string expected, got ${describe(group)}`);
  if (typeof topic !== 'string' || topic.length === 0) throw new RecordFormatError(`record key has no topic: a non-empty string expected, got ${describe(topic)}`);
  if (!isIndex(partition)) throw new RecordFormatError(`record key has no valid partition: an integer from 0 to 2^53-1 expected, got ${describe(partition)}`);
  return { group, topic, partition };
}

function decodeValue(value: unknown): OffsetValue | null {
  if (value === null) return null;
  if (!isObject(value)) throw new RecordFormatError(`record value is neither an object nor null: ${describe(value)}`);
  const { offset, commitTimestamp, metadata } = value;
  if (!isIndex(offset)) throw new RecordFormatError(`record value has no valid offset: an integer from 0 to 2^53-1 expected, got ${describe(offset)}`);
  if (!isIndex(commitTimestamp)) throw new RecordFormatError(`record value has no valid commitTimestamp: an integer from 0 to 2^53-1 expected, got ${describe(commitTimestamp)}`);
  if (metadata === undefined) return { offset, commitTimestamp };
  if (typeof metadata !== 'string') throw new RecordFormatError(`record metadata is not a string: ${describe(metadata)}`);
  return { offset, commitTimestamp, metadata };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A parsed JSON value as an error text shows it. */
function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40);
}

const KEY_START = Buffer.from('{"key":');
const KEY_END = Buffer.from('},"value":');
const TOMBSTONE_END = Buffer.from('"value":null}');

/**
 * A record's key bytes and whether it is a tombstone, read from `bytes[start..end)` without
 * decoding them: all compaction needs. Every record reads `{"key":{...},"value":...}`, and inside
 * a JSON string a quote is always escaped, so the first `},"value":` ends the key.
 */
export function peekRecordKey(bytes: Buffer, start = 0, end = bytes.length): { readonly key: string; readonly tombstone: boolean } {
  const keyEnd = bytes.indexOf(KEY_END, start);
  if (afterLiteral(bytes, start, KEY_START) < 0 || keyEnd === -1 || keyEnd + KEY_END.length > end) throw new RecordFormatError('record bytes do not start with a key');
  return { key: bytes.toString('latin1', start + KEY_START.length, keyEnd + 1), tombstone: afterLiteral(bytes, end - TOMBSTONE_END.length, TOMBSTONE_END) === end };
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));
const GROUP_PREFIX = ascii('{"key":{"group":"');
const PARTITION_PREFIX = ascii(',"partition":');
const TOPIC_PREFIX = ascii(',"topic":"');
const VALUE_PREFIX = ascii('},"value":');
const NULL_VALUE = ascii('null}');
const TIMESTAMP_PREFIX = ascii('{"commitTimestamp":');
const METADATA_PREFIX = ascii(',"metadata":"');
const OFFSET_PREFIX = ascii(',"offset":');
const RECORD_END = ascii('}}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Digits of Number.MAX_SAFE_INTEGER; a longer run is not a safe integer. */
const MAX_DIGITS = 16;

/**
 * Where `literal` ends if it sits in `bytes` at `position`; -1 if not (or if `position` is -1
 * already, so that readers can chain calls). A loop: for a few bytes, cheaper than a subarray.
 */
function afterLiteral(bytes: Uint8Array, position: number, literal: Uint8Array): number {
  if (position < 0 || position + literal.length > bytes.length) return -1;
  for (let i = 0; i < literal.length; i++) if (bytes[position + i] !== literal[i]) return -1;
  return position + literal.length;
}

/** A non-empty name of printable ASCII with nothing escaped, ending at a quote before `end`: `previous` itself when the bytes spell it. */
function name(bytes: Buffer, position: number, end: number, previous: string): string | undefined {
  if (position < 0) return undefined;
  for (let at = position; at < end; at++) {
    const byte = bytes[at] as number;
    if (byte === QUOTE) {
      if (at === position) return undefined;
      // Printable ASCII reads the same in Latin-1 as in UTF-8.
      return spells(bytes, position, at, previous) ? previous : bytes.toString('latin1', position, at);
    }
    if (byte < 0x20 || byte > 0x7e || byte === BACKSLASH) return undefined;
  }
  return undefined;
}

function spells(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** A run of digits that is a safe integer written as JSON.stringify writes it, and where it ends. */
function integer(bytes: Uint8Array, position: number, end: number): { value: number; next: number } | undefined {
  if (position < 0) return undefined;
  let value = 0;
  let at = position;
  for (; at < end; at++) {
    const byte = bytes[at] as number;
    if (byte < 0x30 || byte > 0x39) break;
    value = value * 10 + (byte - 0x30);
  }
  const digits = at - position;
  if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[position] === 0x30) || !Number.isSafeInteger(value)) return undefined;
  return { value, next: at };
}
