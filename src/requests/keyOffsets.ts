import { describeValue } from '../protocol/describeValue.js';
import { FieldError, requireIndex } from '../protocol/fieldValidators.js';

/**
 * The `{key: offset, ...}` object of the kafka workload's poll and commit_offsets, as a Map in the
 * object's order. Keys are any non-empty strings, `__proto__` included: JSON.parse makes each an
 * own property, and they are read back with Object.entries, never looked up by name.
 */
export function requireKeyOffsets(value: unknown, field: string): Map<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError(`${field} must be an object of offsets by key, got ${describeValue(value)}`);
  }
  const offsets = new Map<string, number>();
  for (const [key, offset] of Object.entries(value)) {
    if (key.length === 0) throw new FieldError(`${field} must have non-empty keys, got ""`);
    offsets.set(key, requireIndex(offset, key, field));
  }
  return offsets;
}

/** The group of a kafka-workload request: its optional `group`, or the default group. */
export function groupOr(value: unknown, field: string): string {
  if (value === undefined || value === null) return KAFKA_DEFAULT_GROUP;
  if (typeof value !== 'string' || value.length === 0) throw new FieldError(`${field} must be a non-empty string when present, got ${describeValue(value)}`);
  return value;
}

/**
 * The consumer group whose offsets commit_offsets and list_committed_offsets keep when a request
 * names none (Maelstrom's kafka workload names none): each key is a topic of it, partition 0.
 */
export const KAFKA_DEFAULT_GROUP = 'kafka';
