import { describeValue } from './describeValue.js';

/** Thrown by a field check; carries text that names the field, what was expected and what came. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
}

export const MAX_SAFE_OFFSET = Number.MAX_SAFE_INTEGER;
/** Kafka's offset.metadata.max.bytes. */
export const MAX_METADATA_BYTES = 4096;

type Fields = Readonly<Record<string, unknown>>;

/** `field` inside `path` (`offsets[2]`), for error text. */
function named(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/*
 * The single-value checks take the value itself, read by the caller with a literal name
 * (`body['group']`): a load with a constant key stays a fast named load, where `fields[field]`
 * inside a shared helper becomes a megamorphic keyed load, several times slower on every request.
 * `field` and `path` only name the value in error text, which is built only on failure.
 */

/** A non-empty string; any characters, including ones that look like separators. */
export function requireName(value: unknown, field: string, path = ''): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new FieldError(`${named(path, field)} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * An integer from 0 to 2^53-1. Larger numbers are refused rather than rounded:
 * JSON.parse has already rounded them, so accepting one would store a different value.
 */
export function requireIndex(value: unknown, field: string, path = ''): number {
  if (!isIndex(value)) throw new FieldError(`${named(path, field)} must be an integer from 0 to ${MAX_SAFE_OFFSET}, got ${describeValue(value)}`);
  return value;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Optional commit metadata, as Kafka's OffsetCommit carries it: a string of at most 4096 UTF-8 bytes. */
export function optionalMetadata(value: unknown, path = ''): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FieldError(`${named(path, 'metadata')} must be a string, got ${describeValue(value)}`);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_METADATA_BYTES) throw new FieldError(`${named(path, 'metadata')} must be at most ${MAX_METADATA_BYTES} bytes, got ${bytes}`);
  return value;
}

export function requireStringArray(fields: Fields, field: string): string[] {
  const value = fields[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new FieldError(`${field} must be an array of strings, got ${describeValue(value)}`);
  }
  return value as string[];
}

/** A non-empty array of non-empty strings (group names). */
export function requireNameArray(fields: Fields, field: string): string[] {
  return requireArray(fields, field, '', 1).map((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      throw new FieldError(`${field}[${i}] must be a non-empty string, got ${describeValue(item)}`);
    }
    return item;
  });
}

/** An array of at least `minLength` items, each checked by `item` with its path (`field[i]`). */
function requireArray(fields: Fields, field: string, path = '', minLength = 0): readonly unknown[] {
  const value = fields[field];
  const name = named(path, field);
  if (!Array.isArray(value)) throw new FieldError(`${name} must be an array, got ${describeValue(value)}`);
  if (value.length < minLength) throw new FieldError(`${name} must hold at least ${minLength} item${minLength === 1 ? '' : 's'}, got none`);
  return value;
}

/** The objects of an array field, each with its path for error text. */
export function requireObjects(fields: Fields, field: string, path = '', minLength = 0): { item: Fields; path: string }[] {
  return requireArray(fields, field, path, minLength).map((item, i) => {
    const itemPath = `${named(path, field)}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new FieldError(`${itemPath} must be an object, got ${describeValue(item)}`);
    }
    return { item: item as Fields, path: itemPath };
  });
}

/** The indexes of an array field, each checked like requireIndex. */
export function requireIndexes(fields: Fields, field: string, path = '', minLength = 0): number[] {
  return requireArray(fields, field, path, minLength).map((item, i) => (isIndex(item) ? item : requireIndex(item, `${field}[${i}]`, path)));
}
