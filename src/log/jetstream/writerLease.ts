import { JetStreamApiError, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { WRITERS_STREAM } from './streamNames.js';

/** Another writer holds the node id's logs and is alive: this one may not open them. */
export class LogsTakenError extends Error {
  override readonly name = 'LogsTakenError';
}

export interface LeaseOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** offsetlog.writers.<node>: the one message on it names the writer. */
  readonly subject: string;
  readonly nodeId: string;
  readonly writerId: string;
  readonly leaseMs: number;
  /** Told once if the claim is found taken by another writer while this one holds it. */
  readonly lost: (reason: string) => void;
  readonly logger: (line: string) => void;
}

/**
 * One writer per node id, claimed at open so that a second node started with the same id is
 * refused before it reads or writes anything. The claim is the one message on the node's subject
 * of the writers stream (one kept per subject), published with the subject sequence it expects
 * there: 0 for a free id, the holder's for a takeover, its own for a renewal. So the server
 * decides every race, and no clock is compared: a holder is alive if its claim changes within a
 * lease period, and dead if it does not.
 * The streams' expected sequences keep the logs whole even if two writers overlapped anyway.
 */
export class WriterLease {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  /** One renewal at a time: two with the same expected sequence would refuse each other. */
  private renewing = false;

  private constructor(private readonly options: LeaseOptions) {}

  static async claim(options: LeaseOptions): Promise<WriterLease> {
    const lease = new WriterLease(options);
    await lease.acquire();
    lease.timer = setInterval(() => void lease.renew(), Math.max(1, Math.floor(options.leaseMs / 3)));
    lease.timer.unref();
    return lease;
  }

  private async acquire(): Promise<void> {
    const { jsm, subject, leaseMs, nodeId } = this.options;
    if (await this.publish(0)) return;
    const held = await jsm.streams.getMessage(WRITERS_STREAM, { last_by_subj: subject });
    if (held === null) {
      if (await this.publish(0)) return;
      throw new LogsTakenError(`node id ${JSON.stringify(nodeId)}: its logs were claimed by another writer just now; refusing to write them too`);
    }
    const holder = new TextDecoder().decode(held.data);
    this.options.logger(`node id ${JSON.stringify(nodeId)}: its logs are claimed by writer ${holder}; waiting ${leaseMs} ms to see whether it is alive`);
    await new Promise((resolve) => setTimeout(resolve, leaseMs));
    if (await this.publish(held.seq)) {
      this.options.logger(`node id ${JSON.stringify(nodeId)}: writer ${holder} did not renew its claim; taking its logs over`);
      return;
    }
    throw new LogsTakenError(`node id ${JSON.stringify(nodeId)}: its logs are being written by a live writer (${holder}); refusing to write them too`);
  }

  /** Publishes this writer's claim expecting `expected` as the subject's last sequence; whether it holds the claim now. */
  private async publish(expected: number): Promise<boolean> {
    const { js, subject, writerId } = this.options;
    try {
      const ack = await js.publish(subject, new TextEncoder().encode(writerId), { expect: { lastSubjectSequence: expected } });
      this.seq = ack.seq;
      return true;
    } catch (error) {
      if (error instanceof JetStreamApiError) return false;
      throw error;
    }
  }

  private async renew(): Promise<void> {
    if (this.released || this.renewing) return;
    this.renewing = true;
    try {
      if (await this.publish(this.seq)) return;
      // A renewal whose acknowledgement was lost may have landed: the claim is still this writer's then.
      const held = await this.options.jsm.streams.getMessage(WRITERS_STREAM, { last_by_subj: this.options.subject });
      if (held !== null && new TextDecoder().decode(held.data) === this.options.writerId) {
        this.seq = held.seq;
        return;
      }
      this.release();
      this.options.lost(`node id ${JSON.stringify(this.options.nodeId)}: another writer took over its logs`);
    } catch (error) {
      // Unreachable for now: the streams' expected sequences still keep out anyone who takes over meanwhile.
      this.options.logger(`could not renew the claim on node id ${JSON.stringify(this.options.nodeId)}'s logs: ${(error as Error).message}`);
    } finally {
      this.renewing = false;
    }
  }

  /** Stops renewing; `free` also clears the claim, so that the next writer need not wait. */
  async close(free: boolean): Promise<void> {
    this.release();
    if (!free) return;
    try {
      await this.options.jsm.streams.purge(WRITERS_STREAM, { filter: this.options.subject, seq: this.seq + 1 });
    } catch (error) {
      this.options.logger(`could not clear the claim on node id ${JSON.stringify(this.options.nodeId)}'s logs: ${(error as Error).message}`);
    }
  }

  private release(): void {
    this.released = true;
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}
