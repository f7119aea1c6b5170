import type { DataRecord } from '../log/data/dataRecord.js';
import type { OffsetReservation } from '../requests/requestHandler.js';
import { findLogEnd, type OffsetTable } from '../state/offsetTable.js';

/**
 * Each key's next data-log offset as rounds are decided: the applied table's end, or past what
 * rounds in flight have reserved. A reservation is let go once its round is applied (the table then
 * says it), so only keys with sends in flight are held here.
 * After a failed data append, later rounds' offsets are past a hole the log refuses to leave, so
 * the reservations are wrong: `stale` says so, and the sequencer calls `reset` once every earlier
 * round is applied, going back to the table's ends.
 */
export class NextOffsets {
  private readonly reserved = new Map<string, number>();
  private staleSince = false;

  constructor(private readonly table: () => OffsetTable) {}

  get stale(): boolean {
    return this.staleSince;
  }

  /** The reservation for one round being decided. */
  reservation(): OffsetReservation {
    return { reserve: (key) => this.reserve(key) };
  }

  private reserve(key: string): number {
    const offset = this.reserved.get(key) ?? findLogEnd(this.table(), key);
    this.reserved.set(key, offset + 1);
    return offset;
  }

  /** A round's data records are in the table now: their reservations are the table's ends. */
  applied(records: readonly DataRecord[]): void {
    for (const { key, offset } of records) if (this.reserved.get(key) === offset + 1) this.reserved.delete(key);
  }

  /** A data append failed: every reservation after it may be past what the log holds. */
  failed(): void {
    this.staleSince = true;
  }

  /** Back to the table's ends; only once every round decided so far is applied. */
  reset(): void {
    this.reserved.clear();
    this.staleSince = false;
  }
}
