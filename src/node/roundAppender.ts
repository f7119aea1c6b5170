import { AppendError } from '../log/appendError.js';
import type { DataLog } from '../log/data/dataLog.js';
import type { DataRecord } from '../log/data/dataRecord.js';
import type { OffsetLog } from '../log/offsetLog.js';
import type { OffsetRecord } from '../log/format/offsetRecord.js';
import { failedWriteFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';

/** What a round's writes get instead of their replies when their log's append failed; undefined where it did not. */
export interface AppendFailures {
  readonly offsets: ReplyFields | undefined;
  readonly data: ReplyFields | undefined;
}

const NONE: AppendFailures = { offsets: undefined, data: undefined };
const NOTHING: Promise<ReplyFields | undefined> = Promise.resolve(undefined);

/**
 * Appends a round's records to their logs, one append per log, and knows which appends are in
 * flight. The two logs are appended side by side: a round's commits and sends do not depend on
 * each other, and each write is answered by its own log's outcome.
 */
export class RoundAppender {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly log: OffsetLog,
    private readonly dataLog: DataLog,
    private readonly logger: (line: string) => void,
    /** Called when a data append fails, before any round after it is answered. */
    private readonly dataFailed: () => void,
  ) {}

  append(records: readonly OffsetRecord[], data: readonly DataRecord[]): Promise<AppendFailures> {
    if (records.length === 0 && data.length === 0) return Promise.resolve(NONE);
    const offsets = records.length === 0 ? NOTHING : this.track(() => this.log.append(records), undefined);
    const messages = data.length === 0 ? NOTHING : this.track(() => this.dataLog.append(data), this.dataFailed);
    return Promise.all([offsets, messages]).then(([offsetsFailure, dataFailure]) => ({ offsets: offsetsFailure, data: dataFailure }));
  }

  /** Resolves once no append is in flight, however they end. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(append: () => Promise<void>, onFailure: (() => void) | undefined): Promise<ReplyFields | undefined> {
    let appended: Promise<void>;
    try {
      appended = append();
    } catch (error) {
      appended = Promise.reject(error);
    }
    const outcome = appended.then(
      () => undefined,
      (error: unknown) => {
        this.logger(`append failed: ${(error as Error).message}`);
        onFailure?.();
        return failedWriteFields((error as Error).message, error instanceof AppendError && error.definite);
      },
    );
    this.inFlight.add(outcome);
    void outcome.then(() => this.inFlight.delete(outcome));
    return outcome;
  }
}
