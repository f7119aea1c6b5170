import { ErrorCode, type ErrorCodeValue } from '../protocol/errorCodes.js';
import { describeValue } from '../protocol/describeValue.js';
import { FieldError } from '../protocol/fieldValidators.js';
import type { MessageBody } from '../protocol/messages.js';
import { commitOffset } from './commitOffset.js';
import { commitOffsets } from './commitOffsets.js';
import { deleteGroups } from './deleteGroups.js';
import { fetchOffset } from './fetchOffset.js';
import { init } from './init.js';
import { listCommittedOffsets } from './listCommittedOffsets.js';
import { listGroups } from './listGroups.js';
import { offsetCommit } from './offsetCommit.js';
import { offsetDelete } from './offsetDelete.js';
import { offsetFetch } from './offsetFetch.js';
import { poll } from './poll.js';
import type { RequestHandler } from './requestHandler.js';
import { send } from './send.js';

/**
 * A handler whose parsed request is opaque to everyone but itself: a request only ever goes back
 * to the handler that parsed it, so the registry keeps handlers without their request types.
 */
export type AnyHandler = RequestHandler<unknown>;

/** Every request type the node answers. Adding one is a module in this folder and a line here. */
const handlers: readonly AnyHandler[] = [
  init,
  commitOffset,
  fetchOffset,
  offsetCommit,
  offsetFetch,
  listGroups,
  offsetDelete,
  deleteGroups,
  send,
  poll,
  commitOffsets,
  listCommittedOffsets,
];

const byType: ReadonlyMap<string, AnyHandler> = new Map(handlers.map((handler) => [handler.type, handler]));

export const supportedRequestTypes: readonly string[] = handlers.map((handler) => handler.type);

/**
 * The two requests of nearly every line are compared first: a type string fresh from JSON.parse
 * has no cached hash, so a Map lookup would hash it on every request.
 */
function handlerFor(type: string): AnyHandler | undefined {
  if (type === commitOffset.type) return commitOffset;
  if (type === fetchOffset.type) return fetchOffset;
  return byType.get(type);
}

export type ParsedRequest =
  | { readonly ok: true; readonly handler: AnyHandler; readonly msgId: number; readonly request: unknown }
  | { readonly ok: false; readonly code: ErrorCodeValue; readonly text: string };

/** Checks a request body: its type, its msg_id, then its handler's fields (fields a type does not use are ignored). */
export function parseRequest(body: MessageBody): ParsedRequest {
  const handler = handlerFor(body.type);
  if (handler === undefined) {
    return { ok: false, code: ErrorCode.notSupported, text: `unsupported request type ${describeValue(body.type)}; this node handles ${supportedRequestTypes.join(', ')}` };
  }
  const msgId = body.msg_id;
  if (typeof msgId !== 'number' || !Number.isSafeInteger(msgId) || msgId < 0) {
    return { ok: false, code: ErrorCode.malformedRequest, text: `msg_id must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${describeValue(msgId)}` };
  }
  try {
    return { ok: true, handler, msgId, request: handler.parse(body, msgId) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, code: ErrorCode.malformedRequest, text: `${body.type}: ${error.message}` };
    throw error;
  }
}
