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

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionCommit extends TopicPartition {
  readonly offset: number;
  readonly metadata: string | undefined;
}

/** `offset_fetch` limited to some topics, and within a topic to some partitions (all when absent). */
export interface TopicFilter {
  readonly topic: string;
  readonly partitions: readonly number[] | undefined;
}

/** A request body after validation: field types are now guaranteed. Shapes follow Kafka's own requests. */
export type Request =
  | { readonly type: 'init'; readonly msgId: number; readonly nodeId: string; readonly nodeIds: readonly string[] }
  | ({ readonly type: 'commit_offset'; readonly msgId: number; readonly group: string } & PartitionCommit)
  | ({ readonly type: 'fetch_offset'; readonly msgId: number; readonly group: string } & TopicPartition)
  /** Kafka's OffsetCommit: many partitions of one group, all accepted or none. */
  | { readonly type: 'offset_commit'; readonly msgId: number; readonly group: string; readonly offsets: readonly PartitionCommit[] }
  /** Kafka's OffsetFetch: a group's committed offsets, all or some topics. */
  | { readonly type: 'offset_fetch'; readonly msgId: number; readonly group: string; readonly topics: readonly TopicFilter[] | undefined }
  /** Kafka's ListGroups. */
  | { readonly type: 'list_groups'; readonly msgId: number }
  /** Kafka's OffsetDelete. */
  | { readonly type: 'offset_delete'; readonly msgId: number; readonly group: string; readonly partitions: readonly TopicPartition[] }
  /** Kafka's DeleteGroups. */
  | { readonly type: 'delete_groups'; readonly msgId: number; readonly groups: readonly string[] };

export type RequestType = Request['type'];

/** A reply body before the node stamps it with `in_reply_to` and `msg_id`. */
export type ReplyFields = { readonly type: string; readonly [field: string]: unknown };
