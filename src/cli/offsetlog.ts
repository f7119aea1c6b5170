import { describeCommand, describeUsage } from './commands/describeCommand.js';
import { dumpCommand, dumpUsage } from './commands/dumpCommand.js';
import { repairCommand, repairUsage } from './commands/repairCommand.js';
import { replayCommand, replayUsage } from './commands/replayCommand.js';
import { reportCommand, reportUsage } from './commands/reportCommand.js';
import { serveCommand, serveUsage } from './commands/serveCommand.js';
import { EXIT_MISMATCH, EXIT_USAGE, UsageError } from './commands/usageError.js';

const USAGE = `offsetlog — an event-sourced consumer-offset service (Maelstrom protocol)

Commands:
  offsetlog serve      run the node (requests on stdin, replies on stdout, logs on stderr)
  offsetlog replay     replay a recorded session and check every reply
  offsetlog dump       decode a stored __consumer_offsets log, record by record
  offsetlog describe   print the offset table a data directory or a transcript leads to
  offsetlog repair     cut a damaged data directory back to its last good records
  offsetlog report     draw a run as one HTML page: every group's offsets over time

Run 'offsetlog COMMAND --help' for a command's options and an example.
`;

type Command = { readonly run: (args: readonly string[]) => number | Promise<number>; readonly usage: string };
const commands: ReadonlyMap<string, Command> = new Map([
  ['serve', { run: serveCommand, usage: serveUsage }],
  ['replay', { run: replayCommand, usage: replayUsage }],
  ['dump', { run: dumpCommand, usage: dumpUsage }],
  ['describe', { run: describeCommand, usage: describeUsage }],
  ['repair', { run: repairCommand, usage: repairUsage }],
  ['report', { run: reportCommand, usage: reportUsage }],
]);

// A reader that stops early (offsetlog dump | head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands.get(name);
  if (command === undefined) {
    process.stderr.write(`offsetlog: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
    process.stderr.write(`offsetlog ${name}: ${(error as Error).message}\n${usage ? `\n${command.usage}` : ''}`);
    return usage ? EXIT_USAGE : EXIT_MISMATCH;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`offsetlog: fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
