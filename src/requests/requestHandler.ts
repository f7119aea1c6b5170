import type { DataReader } from '../log/data/dataLog.js';
import type { DataRecord } from '../log/data/dataRecord.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import type { MessageBody, ReplyFields } from '../protocol/messages.js';
import type { CommittedOffset, OffsetTable } from '../state/offsetTable.js';

/** The table as a request sees it: at a point in the order, with the batch's clock and retention applied. */
export interface TableView {
  readonly table: OffsetTable;
  /** The time the node stamps on the batch's commits. */
  readonly now: number;
  /** False for an offset whose last commit is older than the retention period: to every request it is gone. */
  readonly isLive: (offset: CommittedOffset) => boolean;
  /** The data logs, for reads of messages; bounded by the table's ends (findLogEnd), never past them. */
  readonly messages: DataReader;
}

/** What a write decided: the records to append, and its reply once they are in the log. */
export interface Written {
  /** Records for `__consumer_offsets`. */
  readonly records: readonly OffsetRecord[];
  /** Records for the data logs (a send's message). */
  readonly data?: readonly DataRecord[];
  readonly reply: ReplyFields;
}

/** Hands out data-log offsets as a round is decided: each key's next one, reserved once handed out. */
export interface OffsetReservation {
  reserve(key: string): number;
}

/**
 * Everything the node knows about one request type, in one place (as KafkaJS keeps one folder per
 * API): its fields, and either what it writes or what it reads. `parse` throws a FieldError whose
 * text names the field, what was expected and what came.
 */
export type RequestHandler<Request> = WriteHandler<Request> | ReadHandler<Request> | AppendHandler<Request>;

interface HandlerBase<Request> {
  readonly type: string;
  parse(body: MessageBody, msgId: number): Request;
  /** Which node of a cluster answers it; a request with no route (init) is answered where it arrives. */
  readonly route?: Route<Request>;
}

/** Which node owns a group and which a data-log key (see cluster/ownership.ts). */
export interface Owners {
  readonly nodeIds: readonly string[];
  ofGroup(group: string): string;
  ofKey(key: string): string;
}

/**
 * How a request finds its owners in a cluster: one group's or one key's owner answers it whole,
 * or it is split into parts, each sent to the node that owns it, and their replies merged.
 */
export type Route<Request> = OwnedBy<Request> | SplitRoute<Request>;

export interface OwnedBy<Request> {
  readonly ownedBy: 'group' | 'key';
  name(request: Request): string;
}

export interface SplitRoute<Request> {
  /** Every node answers its part from what it holds (list_groups): a part from another node is never refused as another's. */
  readonly everyNode?: true;
  /** The part each owner answers, as the body of a request of the same type, by owner. */
  split(request: Request, owners: Owners): Map<string, Record<string, unknown>>;
  /** The ok replies of every part, by owner, as one reply: the one a single node holding everything gives. */
  merge(request: Request, replies: ReadonlyMap<string, ReplyFields>, owners: Owners): ReplyFields;
}

export interface WriteHandler<Request> extends HandlerBase<Request> {
  readonly kind: 'write';
  /**
   * Whether `decide` reads the table (a delete: what exists to delete). Such a request is decided
   * only once every request before it is applied, so it starts a round of its own.
   */
  readonly decidesFromTable: boolean;
  decide(request: Request, view: TableView): Written;
}

export interface ReadHandler<Request> extends HandlerBase<Request> {
  readonly kind: 'read';
  /** The reply, from the table with every write before this request applied, and none after it. */
  answer(request: Request, view: TableView): ReplyFields;
}

/**
 * A write to a data log, decided when its round is decided (not on admission): its offsets are
 * the keys' next ones at that point, which a failed append before it may still move back.
 */
export interface AppendHandler<Request> extends HandlerBase<Request> {
  readonly kind: 'append';
  decide(request: Request, offsets: OffsetReservation): Written;
}
