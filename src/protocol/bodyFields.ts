import type { MessageBody } from './messages.js';

/**
 * A body's own fields, without the two that address it (`msg_id`, `in_reply_to`): what a node
 * passes on when it forwards a request or relays an answer, and stamps anew.
 */
export function bodyFields(body: MessageBody): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field in body) if (field !== 'msg_id' && field !== 'in_reply_to') fields[field] = body[field];
  return fields;
}
