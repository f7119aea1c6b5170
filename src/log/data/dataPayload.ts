import type { DataRecord } from './dataRecord.js';

/**
 * A data record's payload in its frame:
 *   {"key":K,"offset":N,"msg":M}
 * in this field order, `msg` exactly as JSON.stringify writes it. Not fast-json-stable-stringify,
 * which the offsets log uses: it would sort the keys inside a message, and a poll would then return
 * another text than the one sent (and than a node in memory returns).
 */
export function encodeDataPayload({ key, offset, msg }: DataRecord): string {
  return `${payloadPrefix(key, offset)}${JSON.stringify(msg)}}`;
}

/** The payload up to the message's JSON: its UTF-8 length tells the message's size from the payload's. */
export function payloadPrefix(key: string, offset: number): string {
  return `{"key":${JSON.stringify(key)},"offset":${offset},"msg":`;
}

/** A payload read back: the record, or the reason it is none. */
export function decodeDataPayload(text: string): DataRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `the payload is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the payload is not an object';
  const { key, offset, msg } = value as Record<string, unknown>;
  if (typeof key !== 'string' || key.length === 0) return 'the payload has no key';
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return 'the payload has no offset';
  if (msg === undefined) return 'the payload has no msg';
  return { key, offset, msg };
}
