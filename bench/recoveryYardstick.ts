import { FileLog } from '../src/log/file/fileLog.js';
import type { RecordSink } from '../src/log/format/recordSink.js';
import { mapKey } from './mapKey.js';

/**
 * The yardsticks for recovery, run as a process of their own as a restarting node is: open the
 * data directory in OFFSETLOG_DATA_DIR as offsetlog does (lock, checksums, torn tails) and hand
 * every record to a sink other than offsetlog's table, then print one line (the end of the
 * timing, as the node's first reply is) and exit.
 *
 * - RECOVERY_SINK=reader: a sink that only counts. Reading and decoding the log with nothing
 *   built from it, the part of a restart any table pays before its own.
 * - RECOVERY_SINK=map: the Map node's table (bench/mapNode.ts) filled from the records, keyed
 *   and valued as that node does with a new value per commit.
 */

/** Counts what it is handed: the log's reader alone. */
class CountingSink implements RecordSink {
  records = 0;

  commit(): void {
    this.records++;
  }

  tombstone(): void {
    this.records++;
  }
}

class MapSink implements RecordSink {
  readonly offsets = new Map<string, { offset: number; commitTimestamp: number; metadata: string | undefined }>();

  commit(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, metadata: string | undefined): void {
    this.offsets.set(mapKey(group, topic, partition), { offset, commitTimestamp, metadata });
  }

  tombstone(group: string, topic: string, partition: number): void {
    this.offsets.delete(mapKey(group, topic, partition));
  }
}

const dataDir = process.env.OFFSETLOG_DATA_DIR;
const sinkName = process.env.RECOVERY_SINK;
if (dataDir === undefined || (sinkName !== 'reader' && sinkName !== 'map')) {
  process.stderr.write('usage: OFFSETLOG_DATA_DIR=dir RECOVERY_SINK=reader|map node dist/bench/recoveryYardstick.js\n');
  process.exit(2);
}
const log = FileLog.open(dataDir);
const sink = sinkName === 'reader' ? new CountingSink() : new MapSink();
log.replay(sink);
// The line is the end of the timing, as a node's first reply is: before the log is closed.
process.stdout.write(`${JSON.stringify({ sink: sinkName, held: sink instanceof CountingSink ? sink.records : sink.offsets.size })}\n`);
log.close();
