import { serve, stderrLogger } from './serve.js';

// bin/offsetlog-node: the node with no arguments, for harnesses that start a node from one path.
serve().catch((error: unknown) => {
  stderrLogger(`fatal: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
