import { FileLog } from '../src/log/file/fileLog.js';
import type { OffsetRecord } from '../src/log/format/offsetRecord.js';
import { mapKey } from './mapKey.js';

/**
 * The yardsticks for recovery, run as a process of their own as a restarting node is: open the
 * data directory in OFFSETLOG_DATA_DIR as offsetlog does (lock, checksums, torn tails, every
 * record decoded) and hand every record, as it is read, to something other than offsetlog's
 * table; then print one line (the end of the timing, as the node's first reply is) and exit.
 *
 * - RECOVERY_SINK=reader: only counts the records. Reading and decoding the log with nothing
 *   built from it, the part of a restart any table pays before its own.
 * - RECOVERY_SINK=map: the Map node's table (bench/mapNode.ts) filled from the records, keyed
 *   and valued as that node does with a new value per commit.
 */

const dataDir = process.env.OFFSETLOG_DATA_DIR;
const sinkName = process.env.RECOVERY_SINK;
if (dataDir === undefined || (sinkName !== 'reader' && sinkName !== 'map')) {
  process.stderr.write('usage: OFFSETLOG_DATA_DIR=dir RECOVERY_SINK=reader|map node dist/bench/recoveryYardstick.js\n');
  process.exit(2);
}
let records = 0;
const offsets = new Map<string, { offset: number; commitTimestamp: number; metadata: string | undefined }>();
const toMap = ({ key, value }: OffsetRecord): void => {
  if (value === null) offsets.delete(mapKey(key.group, key.topic, key.partition));
  else offsets.set(mapKey(key.group, key.topic, key.partition), { offset: value.offset, commitTimestamp: value.commitTimestamp, metadata: value.metadata });
};
const log = FileLog.open(dataDir, { onRecord: sinkName === 'reader' ? () => records++ : toMap });
// The line is the end of the timing, as a node's first reply is: before the log is closed.
process.stdout.write(`${JSON.stringify({ sink: sinkName, held: sinkName === 'reader' ? records : offsets.size })}\n`);
await log.close();
