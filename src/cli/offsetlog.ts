import { serve, stderrLogger } from './serve.js';

const USAGE = `offsetlog — an event-sourced consumer-offset service (Maelstrom protocol)

Usage:
  offsetlog serve        run the node: requests on stdin, replies on stdout, logs on stderr
  offsetlog --help       show this help

Example:
  echo '{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":1,"group":"g","topic":"t","partition":0}}' | offsetlog serve
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'serve') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (rest.length > 0) {
      process.stderr.write(`offsetlog serve: unexpected argument ${JSON.stringify(rest[0])}\n`);
      return 2;
    }
    await serve();
    return 0;
  }
  process.stderr.write(`offsetlog: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderrLogger(`fatal: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  },
);
