import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { LineSplitter } from '../protocol/lineSplitter.js';

/** Anything that answers a batch of request lines with reply lines, in order. */
export interface LineHandler {
  handleLines(lines: readonly string[]): string[] | Promise<string[]>;
}

/**
 * Runs a node over a byte stream: everything that arrives in one chunk is one batch, and
 * its replies leave in one write. The next chunk is not read until the batch is answered
 * and the output has drained, so a slow reader slows the node instead of filling memory.
 * Resolves once the input has ended and every reply has been handed to the output.
 */
export async function runStdioNode(node: LineHandler, input: Readable, output: Writable, logger: (line: string) => void): Promise<void> {
  const splitter = new LineSplitter((length) => {
    logger(`skipped a line of ${length} characters: too long to be a request`);
  });
  const answer = async (lines: string[]): Promise<void> => {
    if (lines.length === 0) return;
    const pending = node.handleLines(lines);
    const replies = Array.isArray(pending) ? pending : await pending;
    if (replies.length === 0) return;
    if (!output.write(`${replies.join('\n')}\n`)) await once(output, 'drain');
  };
  for await (const chunk of input) await answer(splitter.push(chunk as Buffer));
  await answer(splitter.end());
  await new Promise<void>((resolve, reject) => {
    output.write('', (error) => (error ? reject(error) : resolve()));
  });
}
