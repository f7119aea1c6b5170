import { parseArgs } from 'node:util';
import { SegmentReader } from '../../log/file/segmentReader.js';
import { printableName } from '../../replay/formatTable.js';
import { segmentsAt } from './logSegments.js';
import { EXIT_MISMATCH, UsageError } from './usageError.js';

export const dumpUsage = `offsetlog dump PATH [--json]

Decodes a stored __consumer_offsets log, one record per line, in the spirit of
kafka-dump-log --offsets-decoder. PATH is a data directory (every partition) or one
partition's segment file. A torn tail is reported; a corrupt record is reported with its
file and byte, and the exit status is then 1.

  --json    one JSON object per record: partition, offset, position, key, value

Example:
  offsetlog dump /var/lib/offsetlog --json | grep '"group":"analytics"'
`;

export function dumpCommand(args: readonly string[]): number {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('dump takes one path');
  let damaged = false;
  const reader = new SegmentReader({ verify: true });
  for (const segment of segmentsAt(positionals[0] as string)) {
    const lines: string[] = [];
    const contents = reader.readFile(segment.path, ({ key, value }, logOffset, position) => {
      if (values.json) {
        lines.push(JSON.stringify({ partition: segment.partition ?? null, offset: logOffset, position, key, value }));
        return;
      }
      const where = `${segment.partition === undefined ? '' : `partition ${segment.partition} `}offset ${logOffset} @${position}`;
      const what = `group=${printableName(key.group)} topic=${printableName(key.topic)} partition=${key.partition}`;
      const change =
        value === null
          ? 'TOMBSTONE'
          : `offset=${value.offset} committed=${new Date(value.commitTimestamp).toISOString()}${value.metadata === undefined ? '' : ` metadata=${JSON.stringify(value.metadata)}`}`;
      lines.push(`${where}  ${what}  ${change}`);
    });
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    if (contents.tail.kind === 'torn') {
      process.stderr.write(`${segment.path}: ends with an incomplete record at byte ${contents.validBytes} (${contents.tail.bytes} bytes; the node cuts it off at start)\n`);
    } else if (contents.tail.kind === 'corrupt') {
      process.stderr.write(`${segment.path}: the record at byte ${contents.validBytes} is corrupt (${contents.tail.reason}); ${contents.totalBytes - contents.validBytes} bytes from there on are unreadable (see offsetlog repair)\n`);
      damaged = true;
    }
  }
  return damaged ? EXIT_MISMATCH : 0;
}
