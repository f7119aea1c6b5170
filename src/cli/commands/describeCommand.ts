import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CorruptLogError, frameRecord, readSegment } from '../../log/file/segmentReader.js';
import type { OffsetRecord } from '../../log/format/offsetRecord.js';
import { describeTable, describeTableJson } from '../../replay/formatTable.js';
import { replaySession } from '../../replay/replaySession.js';
import { readTranscript } from '../../replay/transcript.js';
import { fold } from '../../state/reducer.js';
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
  const table = isLog(path) ? fold(logRecords(path)) : replaySession(readTranscript(path), { onProgress: progressReporter('replaying') }).table;
  process.stdout.write(values.json ? describeTableJson(table, values.group) : describeTable(table, values.group));
  return 0;
}

function isLog(path: string): boolean {
  return existsSync(path) && (statSync(path).isDirectory() || path.endsWith('.log'));
}

function* logRecords(path: string): Iterable<OffsetRecord> {
  for (const segment of segmentsAt(path)) {
    const contents = readSegment(segment.path);
    if (contents.tail.kind === 'corrupt') throw new CorruptLogError(segment.path, contents.validBytes, contents.tail.reason);
    for (const frame of contents.frames) yield frameRecord(segment.path, frame);
  }
}
