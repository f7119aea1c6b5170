import type { AppendError } from './appendError.js';

/** An append waiting for its batch: what it asked for, and how it is answered. */
export interface PendingAppend<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: AppendError) => void;
}

/**
 * Group commit: appends that arrive while a batch is being written wait, and go out together as
 * the next batch, one after another until none waits. `writeBatch` answers every append of its
 * batch; should it throw instead (a bug, not a failed write), `failedUnexpectedly` says what the
 * appends it left unanswered are told (answering a settled one again does nothing).
 */
export class GroupCommit<T> {
  private waiting: PendingAppend<T>[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly writeBatch: (batch: readonly PendingAppend<T>[]) => Promise<void>,
    private readonly failedUnexpectedly: (error: Error) => AppendError,
  ) {}

  append(item: T): Promise<void> {
    const appended = new Promise<void>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    this.writing ??= this.writeWaiting().finally(() => (this.writing = undefined));
    return appended;
  }

  /** Resolves once nothing is being written. */
  async settled(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.writeBatch(batch);
      } catch (error) {
        const failure = this.failedUnexpectedly(error as Error);
        for (const append of batch) append.reject(failure);
      }
    }
  }
}
