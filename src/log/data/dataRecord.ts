/**
 * A record of a data log, one per message a `send` accepted:
 *   {"key", "offset", "msg"}
 * `offset` is the message's place in its key's log (0, 1, 2, … with no gap); `msg` is any JSON value.
 */
export interface DataRecord extends DataPosition {
  readonly msg: unknown;
}

/** Where a message sits: all the fold of a data log needs of it (a key's end is its last offset + 1). */
export interface DataPosition {
  readonly key: string;
  readonly offset: number;
}

/** A message as a poll returns it: `[offset, msg]`. */
export type PolledMessage = readonly [number, unknown];
