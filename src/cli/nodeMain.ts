import { EXIT_USAGE, toCliError } from './cliError.js';
import { packageVersion } from './packageVersion.js';
import { serve, serveOptionsFromEnv, stderrLogger } from './serve.js';

// bin/offsetlog-node: the node for harnesses that start a node from one path and pass it no
// arguments. Its settings come from the environment; an argument is refused rather than
// ignored, so that nobody believes a --data-dir took effect while the log stays in memory.

const HELP = `offsetlog-node — the offsetlog node, for a Maelstrom harness

Usage: offsetlog-node            (no arguments; settings from the environment)

Maelstrom requests on stdin, replies on stdout, logs on stderr; exits 0 once stdin closes
and every reply is written.

  OFFSETLOG_DATA_DIR=DIR                  keep the __consumer_offsets log in DIR (else in memory);
                                          {node_id} in DIR becomes the name init gives the node
  OFFSETLOG_RECORD=FILE                   append a transcript of every line in and out to FILE
                                          ({node_id} in FILE: opened at init, one per node)
  OFFSETLOG_OFFSETS_RETENTION_MS=MS       expire offsets whose last commit is MS old
  OFFSETLOG_COMPACTION_MIN_RECORDS=N      compact a log partition from N records on
  OFFSETLOG_FORWARD_TIMEOUT_MS=MS         in a cluster, answer a forward its owner leaves
                                          unanswered for MS with code 0 (write) or 11 (read)
  OFFSETLOG_NATS_URL=URL[,URL…]           keep the logs in NATS JetStream streams named after
                                          the node, not in a directory (opened at init)
  OFFSETLOG_NATS_REPLICAS=N               copies of each stream (default 3, or fewer servers)
  OFFSETLOG_NATS_TOMBSTONE_RETENTION_MS=MS
                                          purge a deleted key's tombstone after MS (default a day)

'offsetlog serve' is the same node with these settings as options (see 'offsetlog serve --help').
`;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  process.stdout.write(HELP);
} else if (args.length === 1 && args[0] === '--version') {
  process.stdout.write(`offsetlog-node ${packageVersion()}\n`);
} else if (args.length > 0) {
  process.stderr.write(
    `offsetlog-node: takes no arguments, got ${args.map((arg) => JSON.stringify(arg)).join(' ')}; set OFFSETLOG_DATA_DIR (and the other settings) in its environment, or run 'offsetlog serve --data-dir DIR' (see 'offsetlog-node --help')\n`,
  );
  process.exitCode = EXIT_USAGE;
} else {
  // With stdout closed there is no one to answer: say so and stop, rather than die on an unhandled error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stderrLogger(`cannot write replies (${error.code ?? error.message}); stopping`);
    process.exit(1);
  });
  Promise.resolve()
    .then(() => serve(serveOptionsFromEnv(process.env)))
    .catch((error: unknown) => {
      const failure = toCliError(error);
      stderrLogger(`cannot run: ${failure.message}`);
      process.exitCode = failure.exitCode;
    });
}
