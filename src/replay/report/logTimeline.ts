import { dataDirectoryRecords, type LogEntry } from './logSource.js';
import type { RunOverview } from './runOverview.js';
import type { Timeline } from './timeline.js';

/**
 * Adds a data directory's records to the timeline: each commit record at its commit
 * timestamp, each tombstone at the time of the record before it in its log partition (a
 * tombstone carries no time of its own, and a group's records all share one partition). There
 * are no clients, msg_ids, fetches or errors in a log, and compaction may have dropped commits
 * that were overwritten.
 */
export function addDataDirectory(dataDir: string, timeline: Timeline, overview: RunOverview): void {
  addLogEntries(dataDir, dataDirectoryRecords(dataDir, (text) => overview.warn(text)), timeline, overview);
}

/** Adds the records of a log named `dataDir` (a directory, or a node's JetStream streams), each partition's in log order, as addDataDirectory says. */
export function addLogEntries(dataDir: string, entries: Iterable<LogEntry>, timeline: Timeline, overview: RunOverview): void {
  const sources = new Map<number, number>();
  const lastT = new Map<number, number>();
  let tombstonesOfUnseenKeys = 0;
  for (const { partition, offset, record } of entries) {
    let source = sources.get(partition);
    if (source === undefined) sources.set(partition, (source = overview.addSource({ kind: 'log-partition', path: dataDir, partition })));
    const origin = { source, position: offset };
    const { key, value } = record;
    if (value === null) {
      const series = timeline.findSeries(key);
      const t = lastT.get(partition);
      if (series === undefined || t === undefined || !timeline.remove(series, 'tombstone', t, origin)) tombstonesOfUnseenKeys++;
      else overview.request('tombstone record', t, source, offset);
      continue;
    }
    timeline.commit(key, value.commitTimestamp, value.offset, value.metadata, origin);
    overview.request('commit record', value.commitTimestamp, source, offset);
    if (value.commitTimestamp > (lastT.get(partition) ?? Number.NEGATIVE_INFINITY)) lastT.set(partition, value.commitTimestamp);
  }
  if (tombstonesOfUnseenKeys > 0) overview.warn(`${tombstonesOfUnseenKeys} tombstones in ${dataDir} remove offsets whose commits compaction has dropped; they are left out`);
}
