import { CliError, EXIT_DONE, EXIT_USAGE, toCliError } from './cliError.js';
import { describeCommand, describeUsage } from './commands/describeCommand.js';
import { dumpCommand, dumpUsage } from './commands/dumpCommand.js';
import { repairCommand, repairUsage } from './commands/repairCommand.js';
import { replayCommand, replayUsage } from './commands/replayCommand.js';
import { reportCommand, reportUsage } from './commands/reportCommand.js';
import { serveCommand, serveUsage } from './commands/serveCommand.js';
import { packageVersion } from './packageVersion.js';

const USAGE = `offsetlog — an event-sourced consumer-offset service (Maelstrom protocol)

Usage: offsetlog COMMAND [ARGUMENTS]

Commands:
  offsetlog serve      run the node (requests on stdin, replies on stdout, logs on stderr)
  offsetlog replay     replay a recorded session and check every reply
  offsetlog dump       decode a stored __consumer_offsets log, record by record
  offsetlog describe   print the offset table a data directory or a transcript leads to
  offsetlog repair     cut a damaged data directory back to its last good records
  offsetlog report     draw a run as one HTML page: every group's offsets over time

Run 'offsetlog COMMAND --help' (or 'offsetlog help COMMAND') for a command's options and an
example, 'offsetlog --version' for the version.

Exit status, the same for every command:
  0  done; for replay, every recorded reply compared equal, none missing and none extra
  1  the data disagrees or is damaged: a replay that differs, a corrupt log, a repair
     that would cut (without --yes)
  2  usage, or input that is not what the command reads (a missing path, a transcript given
     to dump, a data directory given to replay, an unknown group), or any other failure
An error is one line on stderr. Progress is shown on stderr, and only when it is a terminal.
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
  if (error.code === 'EPIPE') process.exit(EXIT_DONE);
  throw error;
});

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    process.stdout.write(USAGE);
    return EXIT_DONE;
  }
  if (name === '--version') {
    process.stdout.write(`offsetlog ${packageVersion()}\n`);
    return EXIT_DONE;
  }
  if (name === 'help') return showUsage(args);
  const command = commands.get(name ?? '');
  if (command === undefined) return fail('offsetlog', new CliError(`expected a command (${[...commands.keys()].join(', ')}), got ${name === undefined ? 'none' : JSON.stringify(name)}`, EXIT_USAGE), 'offsetlog --help');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.usage);
    return EXIT_DONE;
  }
  try {
    return await command.run(args);
  } catch (error) {
    return fail(`offsetlog ${name}`, toCliError(error), `offsetlog ${name} --help`);
  }
}

/** `offsetlog help COMMAND`, the same as `offsetlog COMMAND --help`. */
function showUsage(args: readonly string[]): number {
  const [name, ...rest] = args;
  const command = commands.get(name ?? '');
  if (command === undefined || rest.length > 0) {
    return fail('offsetlog help', new CliError(`expected one command (${[...commands.keys()].join(', ')}), got ${args.map((arg) => JSON.stringify(arg)).join(' ')}`, EXIT_USAGE), 'offsetlog --help');
  }
  process.stdout.write(command.usage);
  return EXIT_DONE;
}

/** Reports a failure as one line on stderr, pointing at the help that explains the command. */
function fail(who: string, error: CliError, help: string): number {
  process.stderr.write(`${who}: ${error.message.replace(/\s*\n\s*/g, ' ')} (see '${help}')\n`);
  return error.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = fail('offsetlog', toCliError(error), 'offsetlog --help');
  },
);
