import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CorruptLogError } from '../../log/file/corruptLogError.js';
import { SegmentReader } from '../../log/file/segmentReader.js';
import type { OffsetRecord } from '../../log/format/offsetRecord.js';
import { describeTable, describeTableJson } from '../../replay/formatTable.js';
import { replaySession } from '../../replay/replaySession.js';
import { readTranscript } from '../../replay/transcript.js';
import { foldLog } from '../../state/reducer.js';
import { segmentsAt } from './logSegments.js';
import { progressReporter } from './progress.js';
import { UsageError } from './usageError.js';

export const describeUsage = `offsetlog describe PATH [--group G] [--json]

Prints the offset table a data directory or a transcript leads to, in the spirit of
kafka-consumer-groups --describe: GROUP, TOPIC, PARTITION, CURRENT-OFFSET, COMMITTED-AT,
METADATA, sorted. PATH is a data directory, a segment file, a transcript, or a fixture's
NAME.in.jsonl.

  --group G   only this group's offsets
  --json      one JSON object per row

Example:
  offsetlog describe /var/lib/offsetlog --group analytics
`;

export function describeCommand(args: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { group: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('describe takes one path');
  const path = positionals[0] as string;
  const table = isLog(path) ? foldLog(logAt(path)) : replaySession(readTranscript(path), { onProgress: progressReporter('replaying') }).table;
  process.stdout.write(values.json ? describeTableJson(table, values.group) : describeTable(table, values.group));
  return 0;
}

function isLog(path: string): boolean {
  return existsSync(path) && (statSync(path).isDirectory() || path.endsWith('.log'));
}

/** The records of the log at `path`, read through the one segment reader; a corrupt record stops the reading. */
function logAt(path: string): { forEachRecord(visit: (record: OffsetRecord) => void): void } {
  return {
    forEachRecord(visit) {
      const reader = new SegmentReader({ verify: true });
      for (const segment of segmentsAt(path)) {
        const contents = reader.readFile(segment.path, visit);
        if (contents.tail.kind === 'corrupt') throw new CorruptLogError(segment.path, contents.validBytes, contents.tail.reason);
      }
    },
  };
}
