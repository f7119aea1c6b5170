import type { ReplyFields } from './messages.js';

/** Maelstrom's error codes. */
export const ErrorCode = {
  timeout: 0,
  nodeNotFound: 1,
  notSupported: 10,
  temporarilyUnavailable: 11,
  malformedRequest: 12,
  crash: 13,
  abort: 14,
  keyDoesNotExist: 20,
  keyAlreadyExists: 21,
  preconditionFailed: 22,
  txnConflict: 30,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorCodeInfo {
  readonly name: string;
  /** The request surely had no effect, so a client may retry it safely; an indefinite error may or may not have applied. */
  readonly definite: boolean;
}

const errorCodeInfo: ReadonlyMap<ErrorCodeValue, ErrorCodeInfo> = new Map([
  [ErrorCode.timeout, { name: 'timeout', definite: false }],
  [ErrorCode.nodeNotFound, { name: 'node-not-found', definite: true }],
  [ErrorCode.notSupported, { name: 'not-supported', definite: true }],
  [ErrorCode.temporarilyUnavailable, { name: 'temporarily-unavailable', definite: true }],
  [ErrorCode.malformedRequest, { name: 'malformed-request', definite: true }],
  [ErrorCode.crash, { name: 'crash', definite: false }],
  [ErrorCode.abort, { name: 'abort', definite: true }],
  [ErrorCode.keyDoesNotExist, { name: 'key-does-not-exist', definite: true }],
  [ErrorCode.keyAlreadyExists, { name: 'key-already-exists', definite: true }],
  [ErrorCode.preconditionFailed, { name: 'precondition-failed', definite: true }],
  [ErrorCode.txnConflict, { name: 'txn-conflict', definite: true }],
]);

/** A code's name and whether it is definite; undefined for a number that is no Maelstrom code. */
export function describeErrorCode(code: number): ErrorCodeInfo | undefined {
  return errorCodeInfo.get(code as ErrorCodeValue);
}

export function errorFields(code: ErrorCodeValue, text: string): ReplyFields {
  return { type: 'error', code, text };
}

/** The codes a failed write is answered with: one definite, one not. */
const WRITE_FAILURES: readonly ErrorCodeValue[] = [ErrorCode.temporarilyUnavailable, ErrorCode.crash];

/**
 * The reply to a write whose records could not be appended. `definite` says whether the log
 * surely does not hold them; the code is the write-failure code the table marks the same way.
 */
export function failedWriteFields(reason: string, definite: boolean): ReplyFields {
  const code = WRITE_FAILURES.find((candidate) => describeErrorCode(candidate)?.definite === definite) as ErrorCodeValue;
  const consequence = definite ? 'nothing was recorded and the request may be retried' : 'the request may or may not have been recorded';
  return errorFields(code, `${reason}; ${consequence}`);
}
