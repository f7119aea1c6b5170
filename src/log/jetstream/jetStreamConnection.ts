import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nuid, type NatsConnection } from '@nats-io/transport-node';
import type { AppendError } from '../appendError.js';
import type { JetStreamOptions } from './jetStreamOptions.js';
import type { StreamAppenderOptions } from './streamAppender.js';
import type { WriterLease } from './writerLease.js';

/** Between attempts to reach a server again; the client keeps trying for as long as the node runs. */
const RECONNECT_WAIT_MS = 250;

/**
 * One connection to NATS shared by a node's two logs, with the writer's id and claim; closed once
 * both logs are. The client reconnects on its own (to any server of the cluster) and, while it is
 * away, holds what is published until it is back or the publish times out.
 */
export class JetStreamConnection {
  readonly writerId = nuid.next();
  lease: WriterLease | undefined;
  private users = 2;
  private taken = false;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly options: JetStreamOptions,
    /** Told once if another writer is found writing these logs. */
    private readonly onTaken: (error: AppendError) => void,
  ) {}

  static async open(options: JetStreamOptions, name: string, onTaken: (error: AppendError) => void, logger: (line: string) => void): Promise<JetStreamConnection> {
    const nc = await connect({ servers: [...options.servers], name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: RECONNECT_WAIT_MS, waitOnFirstConnect: false });
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'disconnect' || status.type === 'reconnect') logger(`NATS ${status.type}: ${'server' in status ? status.server : ''}`);
    })();
    try {
      return new JetStreamConnection(nc, jetstream(nc, { timeout: options.publishTimeoutMs }), await jetstreamManager(nc, { timeout: options.publishTimeoutMs }), options, onTaken);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  appenderOptions(stream: string, lastSeq: number): Omit<StreamAppenderOptions<never>, 'appended' | 'stray' | 'checker'> {
    return {
      js: this.js,
      jsm: this.jsm,
      stream,
      lastSeq,
      writerId: this.writerId,
      publishTimeoutMs: this.options.publishTimeoutMs,
      taken: (error) => this.markTaken(error),
    };
  }

  /** Another writer was found writing these logs: said once. */
  markTaken(error: AppendError): void {
    if (this.taken) return;
    this.taken = true;
    this.onTaken(error);
  }

  /** One log is done with the connection; the last one closes it, freeing the claim unless it was lost. */
  async release(): Promise<void> {
    if (this.users === 0 || --this.users > 0) return;
    await this.lease?.close(!this.taken);
    await this.nc.drain();
  }
}
