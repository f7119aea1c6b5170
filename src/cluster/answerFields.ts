import { describeValue } from '../protocol/describeValue.js';
import type { ReplyFields } from '../protocol/messages.js';

/** An owner's answer a merge cannot take: the forward gets an error, never a guess. */
export class MalformedAnswerError extends Error {
  override readonly name = 'MalformedAnswerError';
}

/** A field of an owner's answer that must be an array of strings. */
export function stringsIn(reply: ReplyFields, field: string): string[] {
  const value = reply[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new MalformedAnswerError(`${reply.type}.${field} must be an array of strings, got ${describeValue(value)}`);
  return value;
}

/** A field of an owner's answer that must be a JSON object (not an array, not null). */
export function objectIn(reply: ReplyFields, field: string): Record<string, unknown> {
  const value = reply[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedAnswerError(`${reply.type}.${field} must be an object, got ${describeValue(value)}`);
  return value as Record<string, unknown>;
}
