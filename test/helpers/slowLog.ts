import { setImmediate as nextTurn } from 'node:timers/promises';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import type { OffsetLog } from '../../src/log/offsetLog.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

/**
 * A log whose appends finish only when the test says so, in the order they were made, as the
 * file log's do. The appends numbered in `failing` fail; the others land in a MemoryLog.
 */
export class SlowLog implements OffsetLog {
  readonly partitionCount = 1;
  readonly stored = new MemoryLog(1);
  readonly appended: (readonly OffsetRecord[])[] = [];
  private readonly queue: { records: readonly OffsetRecord[]; number: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly failing: ReadonlySet<number> = new Set()) {}

  append(records: readonly OffsetRecord[]): Promise<void> {
    const number = this.appended.length;
    this.appended.push(records);
    return new Promise((resolve, reject) => this.queue.push({ records, number, resolve, reject }));
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Finishes the oldest `count` appends, then lets the node run what that unblocked. */
  async finish(count = this.queue.length): Promise<void> {
    for (const append of this.queue.splice(0, count)) {
      if (this.failing.has(append.number)) {
        append.reject(new Error(`append ${append.number} failed`));
      } else {
        void this.stored.append(append.records); // in the MemoryLog on return
        append.resolve();
      }
    }
    await nextTurn();
  }

  forEachRecord(visit: (record: OffsetRecord) => void): void {
    this.stored.forEachRecord(visit);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
