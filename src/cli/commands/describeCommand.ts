import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DataLog } from '../../log/data/dataLog.js';
import { recoverDataLog } from '../../log/data/recoverDataLog.js';
import { CorruptLogError } from '../../log/file/corruptLogError.js';
import { SegmentReader } from '../../log/file/segmentReader.js';
import type { OffsetRecord } from '../../log/format/offsetRecord.js';
import { describeTable, describeTableJson } from '../../replay/formatTable.js';
import { replaySession } from '../../replay/replaySession.js';
import { readTranscript } from '../../replay/transcript.js';
import { foldLog } from '../../state/reducer.js';
import { tableRows, type OffsetTable } from '../../state/offsetTable.js';
import { jetStreamLocation, type JetStreamLocation } from '../../log/jetstream/jetStreamLocation.js';
import { CliError, EXIT_DONE, EXIT_USAGE } from '../cliError.js';
import { existingPath, requireSegment, segmentsAt, totalBytes } from './logSegments.js';
import { progressReporter, type Progress } from './progress.js';

export const describeUsage = `offsetlog describe PATH [--group G] [--json]

Prints the offset table a data directory or a transcript leads to, in the spirit of
kafka-consumer-groups --describe: GROUP, TOPIC, PARTITION, CURRENT-OFFSET, COMMITTED-AT,
METADATA, sorted. PATH is a data directory, a segment file (NAME.log), a transcript, a
fixture's NAME.in.jsonl, or nats://HOST:PORT/NODE_ID for node NODE_ID's JetStream streams. COMMITTED-AT is '-' where the run had no clock (a fixture).

  --group G   only this group's offsets; a group with none exits 2
  --json      one JSON object per row

A corrupt record in the log exits 1 (see 'offsetlog repair').

Example:
  offsetlog describe /var/lib/offsetlog --group analytics
`;

export async function describeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { group: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`expected one path, got ${positionals.length}`, EXIT_USAGE);
  const location = jetStreamLocation(positionals[0] as string);
  const path = location !== undefined ? (positionals[0] as string) : existingPath(positionals[0] as string, 'a data directory, a segment file or a transcript');
  const progress = progressReporter('reading');
  let table: OffsetTable;
  try {
    table = location !== undefined ? await jetStreamTable(location) : isLog(path) ? foldLog(logAt(path, progress), undefined, dataLogAt(path)) : await transcriptTable(path, progress);
  } finally {
    progress?.finish();
  }
  const group = values.group;
  if (group !== undefined && !tableRows(table).some((row) => row.group === group)) {
    throw new CliError(`no group ${JSON.stringify(group)} in ${path} (it has no committed offsets)`, EXIT_USAGE);
  }
  process.stdout.write(values.json ? describeTableJson(table, group) : describeTable(table, group));
  return EXIT_DONE;
}

/** The table a node's JetStream streams lead to, read once. */
async function jetStreamTable(location: JetStreamLocation): Promise<OffsetTable> {
  const { readJetStreamLogs } = await import('../../log/jetstream/readJetStreamLogs.js');
  const records: OffsetRecord[] = [];
  const ends = new Map<string, number>();
  await readJetStreamLogs(location, { offsets: (record) => records.push(record), data: ({ key, offset }) => ends.set(key, offset + 1) });
  return foldLog({ forEachRecord: (visit) => records.forEach((record) => visit(record)) }, undefined, { forEachEnd: (visit) => ends.forEach((end, key) => visit(key, end)) });
}

function isLog(path: string): boolean {
  return statSync(path).isDirectory() || path.endsWith('.log');
}

/** The table a transcript's input leads to; its recorded replies are not compared (that is replay's work). */
async function transcriptTable(path: string, progress: Progress | undefined): Promise<OffsetTable> {
  return (await replaySession(readTranscript(path, { onRead: progress === undefined ? undefined : (read, total) => progress.update(read, total) }), { compare: false })).table;
}

/** The data logs' ends in a data directory (none for a segment file), read only: a torn tail is left for the node to cut. */
function dataLogAt(path: string): Pick<DataLog, 'forEachEnd'> {
  const keys = statSync(path).isDirectory() ? recoverDataLog(path, () => {}, false).keys : new Map();
  return { forEachEnd: (visit) => keys.forEach((index, key) => visit(key, index.end)) };
}

/** The log at `path`, read through the one segment reader, checksums checked; a corrupt record stops the reading. */
function logAt(path: string, progress: Progress | undefined): { forEachRecord(visit: (record: OffsetRecord) => void): void } {
  return {
    forEachRecord(visit) {
      const segments = segmentsAt(path);
      const total = totalBytes(segments);
      const reader = new SegmentReader({ verify: true });
      let done = 0;
      for (const segment of segments) {
        const contents = reader.readFile(segment.path, visit);
        requireSegment(segment, contents.records, contents.tail.kind === 'clean');
        if (contents.tail.kind === 'corrupt') throw new CorruptLogError(segment.path, contents.validBytes, contents.tail.reason);
        done += segment.bytes;
        progress?.update(done, total);
      }
    },
  };
}
