/**
 * A record of a data log, one per message a `send` accepted:
 *   {"key", "offset", "msg"}
 * `offset` is the message's place in its key's log (0, 1, 2, … with no gap); `msg` is any JSON value.
 */
export interface DataRecord {
  readonly key: string;
  readonly offset: number;
  readonly msg: unknown;
}

/** A message as a poll returns it: `[offset, msg]`. */
export type PolledMessage = readonly [number, unknown];
