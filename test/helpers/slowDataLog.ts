import type { DataLog, ReadLimit } from '../../src/log/data/dataLog.js';
import type { DataRecord } from '../../src/log/data/dataRecord.js';
import { MemoryDataLog } from '../../src/log/data/memoryDataLog.js';

/**
 * A data log whose appends finish only when the test says so, in order, as a durable one's do:
 * each is checked for contiguity when its turn comes (by the MemoryDataLog it lands in), so an
 * append behind a failed one is refused. The appends numbered in `failing` fail.
 */
export class SlowDataLog implements DataLog {
  readonly stored = new MemoryDataLog();
  private made = 0;
  private finishAtOnce = false;
  private readonly queue: { records: readonly DataRecord[]; number: number; settle: (outcome: Promise<void>) => void }[] = [];

  constructor(private readonly failing: ReadonlySet<number> = new Set()) {}

  append(records: readonly DataRecord[]): Promise<void> {
    const number = this.made++;
    const appended = new Promise<Promise<void>>((settle) => this.queue.push({ records, number, settle })).then((outcome) => outcome);
    if (this.finishAtOnce) this.finish();
    return appended;
  }

  /** Finishes every append waiting, and from now on each one as it is made. */
  finishAll(): void {
    this.finishAtOnce = true;
    this.finish();
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Finishes every append waiting, in order. */
  finish(): void {
    for (const append of this.queue.splice(0)) {
      append.settle(this.failing.has(append.number) ? Promise.reject(new Error(`data append ${append.number} failed`)) : this.stored.append(append.records));
    }
  }

  read(key: string, from: number, limit: ReadLimit): ReturnType<MemoryDataLog['read']> {
    return this.stored.read(key, from, limit);
  }

  forEachEnd(visit: (key: string, end: number) => void): void {
    this.stored.forEachEnd(visit);
  }

  close(): void {}
}
