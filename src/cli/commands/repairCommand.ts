import { truncateSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lockDataDirectory } from '../../log/file/dataDirectory.js';
import { SegmentReader } from '../../log/file/segmentReader.js';
import { segmentsAt } from './logSegments.js';
import { UsageError } from './usageError.js';

export const repairUsage = `offsetlog repair DIR [--yes]

Makes a damaged data directory usable again by cutting each partition's segment at its
first corrupt or incomplete record: that record and everything after it in the same
partition are lost. Without --yes it only says what it would cut. Stop the node first
(repair takes the directory's lock).

Example:
  offsetlog repair /var/lib/offsetlog          # see what would be lost
  offsetlog repair /var/lib/offsetlog --yes    # cut it
`;

export function repairCommand(args: readonly string[]): number {
  const { values, positionals } = parseArgs({ args: [...args], options: { yes: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('repair takes one data directory');
  const dataDir = positionals[0] as string;
  const release = lockDataDirectory(dataDir);
  try {
    let damaged = 0;
    const reader = new SegmentReader({ verify: true });
    for (const segment of segmentsAt(dataDir)) {
      const contents = reader.readFile(segment.path);
      if (contents.tail.kind === 'clean') continue;
      damaged++;
      const lost = contents.totalBytes - contents.validBytes;
      const why = contents.tail.kind === 'corrupt' ? `a corrupt record (${contents.tail.reason})` : 'an incomplete record';
      process.stdout.write(`${segment.path}: ${why} at byte ${contents.validBytes}; ${values.yes ? 'cut' : 'would cut'} ${lost} bytes, keeping ${contents.records} records\n`);
      if (values.yes) truncateSync(segment.path, contents.validBytes);
    }
    if (damaged === 0) process.stdout.write('every partition reads cleanly; nothing to repair\n');
    else if (!values.yes) process.stdout.write('nothing was changed; run again with --yes to cut\n');
    return 0;
  } finally {
    release();
  }
}
