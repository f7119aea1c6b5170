import type { ReplyFields } from './messages.js';

/**
 * One reply line: `{"src", "dest", "body": {"type", "in_reply_to", ...fields, "msg_id"}}`.
 * Field order follows the task's sample output, so lines compare equal even as text.
 */
export function encodeReply(src: string, dest: string, inReplyTo: number | undefined, msgId: number, fields: ReplyFields): string {
  const body: Record<string, unknown> = { type: fields.type };
  if (inReplyTo !== undefined) body['in_reply_to'] = inReplyTo;
  for (const field in fields) if (field !== 'type') body[field] = fields[field];
  body['msg_id'] = msgId;
  return JSON.stringify({ src, dest, body });
}
