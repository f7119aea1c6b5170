import { existsSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { lockDataDirectory } from '../../log/file/directoryLock.js';
import { SegmentReader } from '../../log/file/segmentReader.js';
import { CliError, EXIT_DISAGREES, EXIT_DONE, EXIT_USAGE } from '../cliError.js';
import { existingPath, segmentsAt, totalBytes } from './logSegments.js';
import { progressReporter } from './progress.js';

export const repairUsage = `offsetlog repair DIR [--yes]

Makes a damaged data directory usable again by cutting each partition's segment at its
first corrupt or incomplete record: that record and everything after it in the same
partition are lost. A partition whose segment file was deleted gets an empty one. Without --yes it only says what it would cut, and exits 1 when it
would cut something (0 when every partition reads cleanly). With --yes it cuts and exits 0.
Stop the node first (repair takes the directory's lock).

Example:
  offsetlog repair /var/lib/offsetlog          # see what would be lost
  offsetlog repair /var/lib/offsetlog --yes    # cut it
`;

export function repairCommand(args: readonly string[]): number {
  const { values, positionals } = parseArgs({ args: [...args], options: { yes: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(`expected one data directory, got ${positionals.length} paths`, EXIT_USAGE);
  const dataDir = existingPath(positionals[0] as string, 'a data directory');
  if (!statSync(dataDir).isDirectory()) throw new CliError(`${dataDir}: expected a data directory, got a file`, EXIT_USAGE);
  const segments = segmentsAt(dataDir); // refuses a directory that is not a data directory, before taking its lock
  const release = lockDataDirectory(dataDir);
  const progress = progressReporter('reading');
  try {
    const total = totalBytes(segments);
    let done = 0;
    let damaged = 0;
    const reader = new SegmentReader({ verify: true });
    for (const segment of segments) {
      if (!existsSync(segment.path)) {
        damaged++;
        process.stdout.write(`${segment.path}: missing; ${values.yes ? 'made' : 'would make'} an empty one (its records are lost)\n`);
        if (values.yes) {
          mkdirSync(dirname(segment.path), { recursive: true });
          writeFileSync(segment.path, '', { flag: 'a', flush: true });
        }
        continue;
      }
      const contents = reader.readFile(segment.path);
      done += segment.bytes;
      progress?.update(done, total);
      if (contents.tail.kind === 'clean') continue;
      damaged++;
      progress?.finish();
      const lost = contents.totalBytes - contents.validBytes;
      const why = contents.tail.kind === 'corrupt' ? `a corrupt record (${contents.tail.reason})` : 'an incomplete record';
      process.stdout.write(`${segment.path}: ${why} at byte ${contents.validBytes}; ${values.yes ? 'cut' : 'would cut'} ${lost} bytes, keeping ${contents.records} records\n`);
      if (values.yes) truncateSync(segment.path, contents.validBytes);
    }
    progress?.finish();
    if (damaged === 0) process.stdout.write('every partition reads cleanly; nothing to repair\n');
    else if (!values.yes) process.stdout.write('nothing was changed; run again with --yes to cut\n');
    return damaged > 0 && !values.yes ? EXIT_DISAGREES : EXIT_DONE;
  } finally {
    progress?.finish();
    release();
  }
}
