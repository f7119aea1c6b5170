import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SegmentReader } from '../../log/file/segmentReader.js';
import type { OffsetRecord } from '../../log/format/offsetRecord.js';
import { CliError, EXIT_DISAGREES, EXIT_DONE, EXIT_USAGE } from '../cliError.js';
import { jetStreamLocation } from '../../log/jetstream/jetStreamLocation.js';
import { dataPartitionOf, dumpDataLog } from './dumpDataLog.js';
import { dumpJetStream } from './dumpJetStream.js';
import { progressReporter } from './progress.js';
import { requireSegment, segmentsAt, totalBytes, type SegmentRef } from './logSegments.js';

export const dumpUsage = `offsetlog dump PATH [--json]

Decodes a stored __consumer_offsets log, one record per line, in the spirit of
kafka-dump-log --offsets-decoder: where the record sits in the log (partition, offset,
byte position), then the record (key, and payload: null for a tombstone). PATH is a data
directory (every partition) or one partition's segment file. The data logs (sends) of a
data directory follow, or one of their segment files (in __data-N/) is given: their lines
start with 'topic: __data', and their payload is the key's offset and the message.
PATH nats://HOST:PORT/NODE_ID reads node NODE_ID's JetStream streams instead (serve --nats);
a record's place is then its stream and sequence.

  --json    one JSON object per record: partition, offset, position, key, value
            (and topic: "__data" for a data-log record)

A torn tail (what a crash leaves) is reported on stderr. A corrupt record is reported with
its file and byte, and the exit status is then 1 (see 'offsetlog repair'). A path that is
not a data directory or a segment exits 2.

Example:
  offsetlog dump /var/lib/offsetlog --json | grep '"group":"analytics"'
`;

export async function dumpCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(`expected one path, got ${positionals.length}`, EXIT_USAGE);
  const path = positionals[0] as string;
  const write = (text: string): void => void process.stdout.write(text);
  const location = jetStreamLocation(path);
  if (location !== undefined) {
    await dumpJetStream(location, values.json, write);
    return EXIT_DONE;
  }
  const report = (text: string): void => void process.stderr.write(text);
  if (existsSync(path) && statSync(path).isFile() && dataPartitionOf(path) !== undefined) return dumpDataLog(path, values.json, write, report) ? EXIT_DISAGREES : EXIT_DONE;
  const segments = segmentsAt(path);
  const progress = progressReporter('reading');
  const total = totalBytes(segments);
  let done = 0;
  let damaged = false;
  const reader = new SegmentReader({ verify: true });
  for (const segment of segments) {
    const lines: string[] = [];
    const contents = reader.readFile(segment.path, (record, logOffset, position) => {
      lines.push(values.json ? jsonLine(segment, logOffset, position, record) : textLine(segment, logOffset, position, record));
    });
    requireSegment(segment, contents.records, contents.tail.kind === 'clean');
    progress?.finish();
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    if (contents.tail.kind === 'torn') {
      process.stderr.write(`${segment.path}: ends with an incomplete record at byte ${contents.validBytes} (${contents.tail.bytes} bytes; the node cuts it off at start)\n`);
    } else if (contents.tail.kind === 'corrupt') {
      process.stderr.write(`${segment.path}: the record at byte ${contents.validBytes} is corrupt (${contents.tail.reason}); ${contents.totalBytes - contents.validBytes} bytes from there on are unreadable (see offsetlog repair)\n`);
      damaged = true;
    }
    done += segment.bytes;
    progress?.update(done, total);
  }
  progress?.finish();
  // The data logs follow __consumer_offsets.
  if (statSync(path).isDirectory() && dumpDataLog(path, values.json, write, report)) damaged = true;
  return damaged ? EXIT_DISAGREES : EXIT_DONE;
}

/**
 * `partition: 3 offset: 12 position: 4096 key: {...} payload: {...}`, as kafka-dump-log keeps
 * the log's offset and position apart from the record's key and payload. The key's and the
 * payload's fields are in a fixed order, and names are JSON strings, so any name reads back.
 */
function textLine(segment: SegmentRef, offset: number, position: number, { key, value }: OffsetRecord): string {
  const where = `${segment.partition === undefined ? '' : `partition: ${segment.partition} `}offset: ${offset} position: ${position}`;
  const payload = value === null ? null : { offset: value.offset, commitTimestamp: value.commitTimestamp, ...(value.metadata === undefined ? {} : { metadata: value.metadata }) };
  return `${where} key: ${JSON.stringify({ group: key.group, topic: key.topic, partition: key.partition })} payload: ${JSON.stringify(payload)}`;
}

function jsonLine(segment: SegmentRef, offset: number, position: number, { key, value }: OffsetRecord): string {
  return JSON.stringify({ partition: segment.partition ?? null, offset, position, key, value });
}
