import type { OffsetRecord } from './offsetRecord.js';
import { afterLiteral } from './recordCodec.js';
import { LastRecord, type RecordSink } from './recordSink.js';

/**
 * Reads a record straight from its bytes when they are laid out exactly as the codec writes
 * the common case: fields in fast-json-stable-stringify's sorted order, names of printable
 * ASCII with nothing to escape, integers as plain digits, e.g.
 *   {"key":{"group":"g","partition":0,"topic":"t"},"value":{"commitTimestamp":1,"offset":2}}
 * Anything else (an escape, a non-ASCII name, an empty name, a number that is not a safe
 * integer, any other byte out of place) is refused, and the caller decodes the record in
 * full: this is a shortcut, never a second opinion. A restart reads every record of the log,
 * and JSON.parse of its text took ~1.2 µs a record where this takes ~0.2 µs.
 *
 * One scanner reads one segment: a name equal to the previous record's is given back as that
 * same string, so the records of a segment (and the table built from them) share one string
 * per run of equal names, where each record used to bring its own.
 */
export class CanonicalRecordScanner {
  private group = '';
  private topic = '';
  private readonly last = new LastRecord();

  /** Hands the record to `sink` and says true; says false, and hands nothing, when the bytes are not laid out canonically. */
  scanInto(bytes: Buffer, start: number, end: number, sink: RecordSink): boolean {
    let position = afterLiteral(bytes, start, GROUP_PREFIX);
    const group = name(bytes, position, end, this.group);
    if (group === undefined) return false;
    position = afterLiteral(bytes, position + group.length + 1, PARTITION_PREFIX);
    const partition = integer(bytes, position, end);
    if (partition === undefined) return false;
    position = afterLiteral(bytes, partition.next, TOPIC_PREFIX);
    const topic = name(bytes, position, end, this.topic);
    if (topic === undefined) return false;
    position = afterLiteral(bytes, position + topic.length + 1, VALUE_PREFIX);
    if (position < 0) return false;
    if (afterLiteral(bytes, position, NULL_VALUE) === end) {
      this.remember(group, topic);
      sink.tombstone(group, topic, partition.value);
      return true;
    }
    position = afterLiteral(bytes, position, TIMESTAMP_PREFIX);
    const commitTimestamp = integer(bytes, position, end);
    if (commitTimestamp === undefined) return false;
    let metadata: string | undefined;
    position = afterLiteral(bytes, commitTimestamp.next, METADATA_PREFIX);
    if (position >= 0) {
      // Metadata may be empty, unlike the names.
      metadata = bytes[position] === QUOTE ? '' : name(bytes, position, end, '');
      if (metadata === undefined) return false;
      position = afterLiteral(bytes, position + metadata.length + 1, OFFSET_PREFIX);
    } else {
      position = afterLiteral(bytes, commitTimestamp.next, OFFSET_PREFIX);
    }
    const offset = integer(bytes, position, end);
    if (offset === undefined || afterLiteral(bytes, offset.next, RECORD_END) !== end) return false;
    this.remember(group, topic);
    sink.commit(group, topic, partition.value, offset.value, commitTimestamp.value, metadata);
    return true;
  }

  /** The record as an object, or undefined when the bytes are not laid out canonically. */
  scan(bytes: Buffer, start: number, end: number): OffsetRecord | undefined {
    if (!this.scanInto(bytes, start, end, this.last)) return undefined;
    const { record } = this.last;
    this.last.record = undefined;
    return record;
  }

  private remember(group: string, topic: string): void {
    this.group = group;
    this.topic = topic;
  }
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
 * A non-empty name of printable ASCII with nothing escaped, ending at a quote before `end`:
 * `previous` itself when the bytes spell it.
 */
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
