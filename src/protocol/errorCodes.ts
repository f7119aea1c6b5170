/**
 * Maelstrom's error codes. `definite` means the request surely had no effect,
 * so a client may retry it safely; an indefinite error may or may not have applied.
 */
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
  readonly definite: boolean;
}

export const errorCodeInfo: ReadonlyMap<ErrorCodeValue, ErrorCodeInfo> = new Map([
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
