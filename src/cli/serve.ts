import { MemoryLog } from '../log/memoryLog.js';
import { OffsetNode } from '../node/offsetNode.js';
import { runStdioNode } from '../node/stdioNode.js';

export function stderrLogger(line: string): void {
  process.stderr.write(`offsetlog: ${line}\n`);
}

/** The node on stdin/stdout, as a Maelstrom harness runs it. */
export async function serve(): Promise<void> {
  const node = new OffsetNode({ log: new MemoryLog(), logger: stderrLogger });
  await runStdioNode(node, process.stdin, process.stdout, stderrLogger);
}
