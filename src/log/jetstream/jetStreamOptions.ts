/** Where a node keeps its logs in JetStream, and how. */
export interface JetStreamOptions {
  /** NATS server URLs (nats://host:port); the client connects to any and learns the rest of the cluster. */
  readonly servers: readonly string[];
  /** Copies of each stream: acknowledged once a majority holds a message. */
  readonly replicas: number;
  /** How long a publish waits for its acknowledgement before its outcome counts as unknown. */
  readonly publishTimeoutMs: number;
  /**
   * A writer renews its claim on the node id's logs this often, three times a period; a claim not
   * renewed for a whole period is taken to be a dead writer's (see writerLease.ts).
   */
  readonly leaseMs: number;
  /** A tombstone stays in the offsets stream this long, then its key's subject is purged (Kafka's delete.retention.ms). */
  readonly tombstoneRetentionMs: number;
}

export const DEFAULT_REPLICAS = 3;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
export const DEFAULT_LEASE_MS = 3_000;
/** Kafka's default delete.retention.ms: a day. */
export const DEFAULT_TOMBSTONE_RETENTION_MS = 86_400_000;

/** Options for `servers` with the defaults: 3 replicas, or as many as servers were given when fewer. */
export function jetStreamOptions(servers: readonly string[], replicas?: number): JetStreamOptions {
  if (servers.length === 0) throw new RangeError('JetStream needs at least one server URL, got none');
  return { servers, replicas: replicas ?? Math.min(DEFAULT_REPLICAS, servers.length), publishTimeoutMs: DEFAULT_PUBLISH_TIMEOUT_MS, leaseMs: DEFAULT_LEASE_MS, tombstoneRetentionMs: DEFAULT_TOMBSTONE_RETENTION_MS };
}
