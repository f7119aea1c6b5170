import { serve, serveOptionsFromEnv, stderrLogger } from './serve.js';

// bin/offsetlog-node: the node with no arguments, for harnesses that start a node from one path.
// Settings come from the environment (OFFSETLOG_DATA_DIR).

// With stdout closed there is no one to answer: say so and stop, rather than die on an unhandled error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  stderrLogger(`cannot write replies (${error.code ?? error.message}); stopping`);
  process.exit(1);
});

Promise.resolve()
  .then(() => serve(serveOptionsFromEnv(process.env)))
  .catch((error: unknown) => {
    stderrLogger(`fatal: ${(error as Error).message}`);
    process.exitCode = 1;
  });
