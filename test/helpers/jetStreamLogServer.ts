import { after, before } from 'node:test';
import { jetStreamOptions, type JetStreamOptions } from '../../src/log/jetstream/jetStreamOptions.js';
import type { OpenedLogs } from '../../src/log/jetstream/openJetStreamLogs.js';
import { NatsCluster } from './natsCluster.js';

/** One real nats-server for a suite of JetStream log tests: started before them, stopped after. */
export interface LogServer {
  readonly nats: NatsCluster;
  /** Short publish timeout and lease, so that a fault shows within a test. */
  readonly options: JetStreamOptions;
}

/** Registers the server's start and stop on the calling suite; its fields are read inside the suite's tests. */
export function oneLogServer(): LogServer {
  let started: LogServer | undefined;
  before(async () => {
    const nats = await NatsCluster.start(1);
    started = { nats, options: { ...jetStreamOptions(nats.urls), publishTimeoutMs: 1000, leaseMs: 500 } };
  });
  after(() => started?.nats.close());
  const get = (): LogServer => {
    if (started === undefined) throw new Error('oneLogServer: read inside a test, once the suite has started its server');
    return started;
  };
  return {
    get nats() {
      return get().nats;
    },
    get options() {
      return get().options;
    },
  };
}

export async function closeLogs({ log, dataLog }: OpenedLogs): Promise<void> {
  await dataLog.close();
  await log.close();
}
