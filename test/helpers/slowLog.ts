import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetLog } from '../../src/log/offsetLog.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

/**
 * A log whose appends finish only when the test says so, in the order they were made, as the
 * file log's do. The appends numbered in `failing` fail; the others land in a MemoryLog.
 * `finished` counts the appends finished so far, so a test can check, at the moment a reply
 * arrives, which appends it waited for.
 */
export class SlowLog implements OffsetLog {
  readonly partitionCount = 1;
  readonly stored = new MemoryLog(1);
  readonly appended: (readonly OffsetRecord[])[] = [];
  finished = 0;
  private finishAtOnce = false;
  private readonly queue: { records: readonly OffsetRecord[]; number: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly failing: ReadonlySet<number> = new Set()) {}

  append(records: readonly OffsetRecord[]): Promise<void> {
    const number = this.appended.length;
    this.appended.push(records);
    const appended = new Promise<void>((resolve, reject) => this.queue.push({ records, number, resolve, reject }));
    if (this.finishAtOnce) this.finish();
    return appended;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Finishes the oldest `count` appends, in order. */
  finish(count = this.queue.length): void {
    for (const append of this.queue.splice(0, count)) {
      this.finished++;
      if (this.failing.has(append.number)) {
        append.reject(new Error(`append ${append.number} failed`));
      } else {
        void this.stored.append(append.records);
        append.resolve();
      }
    }
  }

  /** Finishes every append waiting, and from now on each one as it is made. */
  finishAll(): void {
    this.finishAtOnce = true;
    this.finish();
  }

  forEachRecord(visit: (record: OffsetRecord) => void): void {
    this.stored.forEachRecord(visit);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
