import { AppendError } from '../appendError.js';
import type { DataRecord } from './dataRecord.js';

/**
 * The refusal of an append whose records do not continue each key's log exactly from `endOf(key)`,
 * or undefined when they all do.
 */
export function contiguityError(records: readonly DataRecord[], endOf: (key: string) => number): AppendError | undefined {
  const next = new Map<string, number>();
  for (const { key, offset } of records) {
    const expected = next.get(key) ?? endOf(key);
    if (offset !== expected) return new AppendError(`data log of key ${JSON.stringify(key)} expected offset ${expected} next, got ${offset}`, true);
    next.set(key, expected + 1);
  }
  return undefined;
}
