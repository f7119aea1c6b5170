import { parseArgs } from 'node:util';
import { positiveInteger, serve, serveOptionsFromEnv, stderrLogger } from './serve.js';

const USAGE = `offsetlog — an event-sourced consumer-offset service (Maelstrom protocol)

Usage:
  offsetlog serve [--data-dir DIR]   run the node: requests on stdin, replies on stdout, logs on stderr
  offsetlog --help                   show this help

serve options (each also read from the environment, for harnesses that pass no arguments):
  --data-dir DIR                  keep the __consumer_offsets log in DIR (OFFSETLOG_DATA_DIR);
                                  without it the log lives in memory and is gone at exit
  --compaction-min-records N      compact a log partition once it holds N records and twice
                                  what its last compaction kept (OFFSETLOG_COMPACTION_MIN_RECORDS,
                                  default 10000)

Example:
  echo '{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":1,"group":"g","topic":"t","partition":0}}' \\
    | offsetlog serve --data-dir /tmp/offsets
`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'serve') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const { values } = parseArgs({
    args: [...rest],
    options: {
      'data-dir': { type: 'string' },
      'compaction-min-records': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const fromEnv = serveOptionsFromEnv(process.env);
  const compaction = values['compaction-min-records'];
  await serve({
    dataDir: values['data-dir'] ?? fromEnv.dataDir,
    compactionMinRecords: compaction === undefined ? fromEnv.compactionMinRecords : positiveInteger('--compaction-min-records', compaction),
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    stderrLogger(usage ? `${(error as Error).message}\n\n${USAGE}` : `fatal: ${(error as Error).message}`);
    process.exitCode = usage ? 2 : 1;
  },
);
