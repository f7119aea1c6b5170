/** A node's logs in JetStream as the tools name them: nats://HOST:PORT/NODE_ID (the id percent-encoded). */
export interface JetStreamLocation {
  readonly server: string;
  readonly nodeId: string;
}

/** The location a tool's PATH names, or undefined when it names no JetStream location. */
export function jetStreamLocation(path: string): JetStreamLocation | undefined {
  const match = /^(nats:\/\/[^/]+)\/(.+)$/.exec(path);
  if (match === null) return undefined;
  return { server: match[1] as string, nodeId: decodeURIComponent(match[2] as string) };
}
