import { ErrorCode, type ErrorCodeValue } from './errorCodes.js';
import { FieldError, requireIndex, requireName, requireStringArray } from './fieldValidators.js';
import { describeValue } from './describeValue.js';
import type { MessageBody, Request } from './messages.js';

export type ValidatedRequest =
  | { readonly ok: true; readonly request: Request }
  | { readonly ok: false; readonly code: ErrorCodeValue; readonly text: string };

type Validator = (body: MessageBody, msgId: number) => Request;

/** One validator per request type; a type missing here is answered with not-supported. */
const validators: ReadonlyMap<string, Validator> = new Map<string, Validator>([
  ['init', (body, msgId) => ({
    type: 'init',
    msgId,
    nodeId: requireName(body, 'node_id'),
    nodeIds: requireStringArray(body, 'node_ids'),
  })],
  ['commit_offset', (body, msgId) => ({
    type: 'commit_offset',
    msgId,
    group: requireName(body, 'group'),
    topic: requireName(body, 'topic'),
    partition: requireIndex(body, 'partition'),
    offset: requireIndex(body, 'offset'),
  })],
  ['fetch_offset', (body, msgId) => ({
    type: 'fetch_offset',
    msgId,
    group: requireName(body, 'group'),
    topic: requireName(body, 'topic'),
    partition: requireIndex(body, 'partition'),
  })],
]);

export const supportedRequestTypes: readonly string[] = [...validators.keys()];

/** Checks a request body; fields a request type does not use are ignored. */
export function validateRequest(body: MessageBody): ValidatedRequest {
  const validator = validators.get(body.type);
  if (validator === undefined) {
    return {
      ok: false,
      code: ErrorCode.notSupported,
      text: `unsupported request type ${describeValue(body.type)}; this node handles ${supportedRequestTypes.join(', ')}`,
    };
  }
  const msgId = body.msg_id;
  if (typeof msgId !== 'number' || !Number.isSafeInteger(msgId) || msgId < 0) {
    return {
      ok: false,
      code: ErrorCode.malformedRequest,
      text: `msg_id must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${describeValue(msgId)}`,
    };
  }
  try {
    return { ok: true, request: validator(body, msgId) };
  } catch (error) {
    if (error instanceof FieldError) {
      return { ok: false, code: ErrorCode.malformedRequest, text: `${body.type}: ${error.message}` };
    }
    throw error;
  }
}
