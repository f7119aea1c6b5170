/**
 * The Maelstrom wire format: every line is `{"src", "dest", "body": {"type", "msg_id"?, "in_reply_to"?, ...}}`.
 */
export interface Envelope<Body = MessageBody> {
  readonly src: string;
  readonly dest: string;
  readonly body: Body;
}

export interface MessageBody {
  readonly type: string;
  readonly msg_id?: number;
  readonly in_reply_to?: number;
  readonly [field: string]: unknown;
}

/** A reply body before the node stamps it with `in_reply_to` and `msg_id`. */
export type ReplyFields = { readonly type: string; readonly [field: string]: unknown };
