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

/** A request body after validation: field types are now guaranteed. */
export type Request =
  | { readonly type: 'init'; readonly msgId: number; readonly nodeId: string; readonly nodeIds: readonly string[] }
  | { readonly type: 'commit_offset'; readonly msgId: number; readonly group: string; readonly topic: string; readonly partition: number; readonly offset: number }
  | { readonly type: 'fetch_offset'; readonly msgId: number; readonly group: string; readonly topic: string; readonly partition: number };

export type RequestType = Request['type'];

/** A reply body before the node stamps it with `in_reply_to` and `msg_id`. */
export type ReplyFields = { readonly type: string; readonly [field: string]: unknown };
