import type { DataReader } from '../log/data/dataLog.js';
import { tombstoneRecord, type OffsetRecord } from '../log/format/offsetRecord.js';
import type { TableView } from '../requests/requestHandler.js';
import { listGroupOffsets, listGroups, type CommittedOffset, type OffsetTable } from '../state/offsetTable.js';

const alwaysLive = (): boolean => true;
/** At most this long between two expiry checks, however long the retention period. */
const MAX_CHECK_INTERVAL_MS = 60_000;

/**
 * Kafka's offsets.retention: an offset whose last commit is older than the period is gone to
 * every request at once, and tombstones for it are written at the next check, so that the log
 * and a replay agree. Off when the period is undefined.
 */
export class Retention {
  private nextCheck = 0;

  /** `messages` is the data logs the views it makes carry, for reads of messages. */
  constructor(
    private readonly periodMs: number | undefined,
    private readonly messages: DataReader,
  ) {}

  /** The table as requests see it at `now`. */
  view(table: OffsetTable, now: number): TableView {
    const period = this.periodMs;
    const isLive = period === undefined ? alwaysLive : (offset: CommittedOffset): boolean => offset.commitTimestamp + period > now;
    return { table, now, isLive, messages: this.messages };
  }

  /** Whether a round decided at `now` must write tombstones for what expired (it then reads the table). */
  isDue(now: number): boolean {
    return this.periodMs !== undefined && now >= this.nextCheck;
  }

  /** Tombstones for every expired offset, and the time of the next check. */
  expire(view: TableView): OffsetRecord[] {
    if (this.periodMs === undefined) return [];
    this.nextCheck = view.now + Math.min(this.periodMs, MAX_CHECK_INTERVAL_MS);
    const records: OffsetRecord[] = [];
    for (const group of listGroups(view.table)) {
      for (const offset of listGroupOffsets(group)) if (!view.isLive(offset)) records.push(tombstoneRecord(group.group, offset.topic, offset.partition));
    }
    return records;
  }
}
