import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { LineSplitter } from '../protocol/lineSplitter.js';

/** Anything that answers a batch of request lines with reply lines, in order. */
export interface LineHandler {
  handleLines(lines: readonly string[]): Promise<string[]>;
  /** Where lines the handler sends on its own go (a cluster node's forwards and relayed answers). */
  connect?(send: (lines: readonly string[]) => void): void;
  /** Once input has ended: settles when the handler has sent every line it still owes. */
  finish?(): Promise<void>;
}

/**
 * A batch holds at most this many lines: enough that one sync covers thousands of commits,
 * few enough that a batch's records, frames and replies stay a few megabytes.
 */
const MAX_BATCH_LINES = 16_384;
/**
 * Batches may be handed to the node while earlier ones wait on the disk, so that they are
 * decided meanwhile and the log's writer thread always has the next one to serialize; with
 * fewer, each thread often waited for the other (see BENCHMARKS.md, "Choices").
 */
const MAX_BATCHES_IN_FLIGHT = 4;
/**
 * Bounds in characters, whatever the lines' lengths: a batch holds at most this much input, and
 * past twice as much waiting, stdin is paused until the node catches up. With the batches in
 * flight, what the node holds of its input stays within a few of these, even for a client that
 * sends megabyte lines and never reads its replies.
 */
const MAX_BATCH_CHARS = 16 * 1024 * 1024;
const MAX_WAITING_CHARS = 2 * MAX_BATCH_CHARS;

/**
 * Runs a node over a byte stream. Lines are taken as they arrive; whatever has arrived when
 * the node can take a batch is one batch, and its replies leave in one write, in batch order.
 * While a batch waits on the disk (a durable append), the next ones (up to four batches in all)
 * are handed to the node to be decided meanwhile, and the one after them keeps growing, so one
 * sync covers everything that came in meanwhile (group commit). Reading pauses when too much
 * is waiting or stdout is not draining, so a slow reader slows the node instead of filling
 * its memory.
 * Resolves once the input has ended and every reply has been handed to the output.
 */
export async function runStdioNode(node: LineHandler, input: Readable, output: Writable, logger: (line: string) => void): Promise<void> {
  const splitter = new LineSplitter((length) => {
    logger(`skipped a line of ${length} characters: too long to be a request`);
  });
  const waiting = new WaitingLines();
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const arrived = (lines: string[]): void => {
    if (lines.length === 0) return;
    waiting.add(lines);
    if (waiting.chars > MAX_WAITING_CHARS) input.pause();
    wake?.();
  };
  input.on('data', (chunk: Buffer) => arrived(splitter.push(chunk)));
  input.on('end', () => {
    arrived(splitter.end());
    ended = true;
    wake?.();
  });
  input.on('error', (error: Error) => {
    failure = error;
    wake?.();
  });

  // The handler's own lines (a cluster's forwards and relayed answers) go out as they come; while
  // stdout does not drain them, no batch is handed in, so a reader that does not read slows the
  // node instead of filling its memory, as it does for replies.
  let ownLinesUndrained: Promise<void> | undefined;
  node.connect?.((lines) => {
    if (lines.length === 0 || output.write(`${lines.join('\n')}\n`)) return;
    ownLinesUndrained ??= once(output, 'drain').then(() => {
      ownLinesUndrained = undefined;
    });
  });
  // Batches handed to the node whose replies are not written yet, oldest first.
  const inFlight: Promise<string[]>[] = [];
  const writeReplies = async (replies: readonly string[]): Promise<void> => {
    if (replies.length > 0 && !output.write(`${replies.join('\n')}\n`)) await once(output, 'drain');
  };
  for (;;) {
    if (ownLinesUndrained !== undefined && waiting.lines > 0) {
      await ownLinesUndrained;
      continue;
    }
    if (waiting.lines > 0 && inFlight.length < MAX_BATCHES_IN_FLIGHT) {
      const batch = waiting.take(MAX_BATCH_LINES, MAX_BATCH_CHARS);
      if (input.isPaused() && !ended && waiting.chars <= MAX_WAITING_CHARS) input.resume();
      const replies = node.handleLines(batch);
      replies.catch(() => {}); // awaited in turn below; this only keeps a failure from going unhandled until then
      inFlight.push(replies);
      continue;
    }
    const oldest = inFlight.shift();
    if (oldest !== undefined) {
      await writeReplies(await oldest);
      continue;
    }
    if (ended || failure !== undefined) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  if (failure !== undefined) throw failure;
  await node.finish?.();
  await new Promise<void>((resolve, reject) => {
    output.write('', (error) => (error ? reject(error) : resolve()));
  });
}

/** Lines taken in but not yet handed to the node, oldest first, and how many characters they hold. */
class WaitingLines {
  private queue: string[] = [];
  private next = 0;
  chars = 0;

  get lines(): number {
    return this.queue.length - this.next;
  }

  add(lines: readonly string[]): void {
    for (const line of lines) {
      this.queue.push(line);
      this.chars += line.length;
    }
  }

  /** The oldest lines, up to `maxLines` and `maxChars` (at least one line, however long). */
  take(maxLines: number, maxChars: number): string[] {
    let end = this.next;
    let chars = 0;
    while (end < this.queue.length && end - this.next < maxLines) {
      const length = (this.queue[end] as string).length;
      if (end > this.next && chars + length > maxChars) break;
      chars += length;
      end++;
    }
    const batch = this.queue.slice(this.next, end);
    this.chars -= chars;
    this.next = end;
    // Let go of what was taken, so a queue that never empties does not keep every line it held.
    if (this.next * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.next);
      this.next = 0;
    }
    return batch;
  }
}
