import { describeValue } from './describeValue.js';

/** Thrown by a field check; carries text that names the field, what was expected and what came. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
}

export const MAX_SAFE_OFFSET = Number.MAX_SAFE_INTEGER;

type Fields = Readonly<Record<string, unknown>>;

/** A non-empty string; any characters, including ones that look like separators. */
export function requireName(fields: Fields, field: string): string {
  const value = fields[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new FieldError(`${field} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * An integer from 0 to 2^53-1. Larger numbers are refused rather than rounded:
 * JSON.parse has already rounded them, so accepting one would store a different value.
 */
export function requireIndex(fields: Fields, field: string): number {
  const value = fields[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FieldError(
      `${field} must be an integer from 0 to ${MAX_SAFE_OFFSET}, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function requireStringArray(fields: Fields, field: string): string[] {
  const value = fields[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new FieldError(`${field} must be an array of strings, got ${describeValue(value)}`);
  }
  return value as string[];
}
