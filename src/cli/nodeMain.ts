import { serve, serveOptionsFromEnv, stderrLogger } from './serve.js';

// bin/offsetlog-node: the node with no arguments, for harnesses that start a node from one path.
// Settings come from the environment (OFFSETLOG_DATA_DIR).
Promise.resolve()
  .then(() => serve(serveOptionsFromEnv(process.env)))
  .catch((error: unknown) => {
    stderrLogger(`fatal: ${(error as Error).message}`);
    process.exitCode = 1;
  });
