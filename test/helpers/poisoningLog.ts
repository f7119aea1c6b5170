import type { OffsetLog } from '../../src/log/offsetLog.js';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

/**
 * Fault injection for the reducer: a log that stores each record whole but, once, spoils the
 * node's own copy of a commit of `poison` after storing it, so that applying it throws as a bug
 * in the reducer would, while the log (and a rebuild from it) holds the record intact. It wraps
 * another log, so appends can be slow (SlowLog) or immediate (MemoryLog).
 */
export class PoisoningLog implements OffsetLog {
  private poisoned = false;

  constructor(
    private readonly inner: OffsetLog,
    private readonly poison: number,
  ) {}

  get partitionCount(): number {
    return this.inner.partitionCount;
  }

  append(records: readonly OffsetRecord[]): Promise<void> {
    const kept = records.map((record) => ({ key: { ...record.key }, value: record.value === null ? null : { ...record.value } }));
    const appended = this.inner.append(kept);
    for (const record of records) {
      if (!this.poisoned && record.value?.offset === this.poison) {
        this.poisoned = true;
        (record as { key: unknown }).key = undefined;
      }
    }
    return appended;
  }

  forEachRecord(visit: (record: OffsetRecord) => void): void {
    this.inner.forEachRecord(visit);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
