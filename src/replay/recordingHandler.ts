import { closeSync, openSync, writeSync } from 'node:fs';
import { initInLine } from '../node/initLine.js';
import { namesNode, nodePath } from '../node/nodePath.js';
import type { LineHandler } from '../node/stdioNode.js';
import type { RecordedConfig } from './transcript.js';

/**
 * Entries held while a transcript's path waits for the node's name; past this many characters the
 * file is opened under the name `unnamed`, so a client that never sends init cannot fill memory.
 */
const MAX_HELD_CHARS = 1024 * 1024;

/**
 * Wraps a node so that every line it takes and gives is appended to a transcript file. A path
 * naming {node_id} is opened once init names the node (see nodePath.ts); what comes before is
 * held until then.
 */
export class RecordingHandler implements LineHandler {
  private fd: number | undefined;
  private held: string[] = [];
  private heldChars = 0;

  constructor(
    private readonly inner: LineHandler,
    private readonly path: string,
    config: RecordedConfig,
    private readonly clock: () => number = Date.now,
  ) {
    const opening = `${JSON.stringify({ t: clock(), dir: 'config', config })}\n`;
    if (namesNode(path)) this.hold(opening);
    else {
      this.fd = openSync(path, 'a');
      writeSync(this.fd, opening);
    }
  }

  handleLines(lines: readonly string[]): Promise<string[]> {
    if (this.fd === undefined) {
      const named = lines.map(initInLine).find((line) => line !== undefined);
      if (named !== undefined) this.open(named.init.nodeId);
    }
    this.write('in', lines); // stamps the batch: the clock is read here, before the node runs
    return this.inner.handleLines(lines).then((replies) => {
      this.write('out', replies);
      return replies;
    });
  }

  connect(send: (lines: readonly string[]) => void): void {
    this.inner.connect?.((lines) => {
      this.write('out', lines);
      send(lines);
    });
  }

  finish(): Promise<void> {
    return this.inner.finish?.() ?? Promise.resolve();
  }

  close(): void {
    if (this.fd === undefined && this.held.length > 0) this.open('unnamed');
    if (this.fd !== undefined) closeSync(this.fd);
  }

  private write(dir: 'in' | 'out', lines: readonly string[]): void {
    if (lines.length === 0) return;
    const t = this.clock();
    const text = `${lines.map((line) => JSON.stringify({ t, dir, line })).join('\n')}\n`;
    if (this.fd === undefined) this.hold(text);
    else writeSync(this.fd, text);
  }

  private hold(text: string): void {
    this.held.push(text);
    this.heldChars += text.length;
    if (this.heldChars > MAX_HELD_CHARS) this.open('unnamed');
  }

  private open(nodeId: string): void {
    let path: string;
    try {
      path = nodePath(this.path, nodeId);
    } catch {
      path = nodePath(this.path, 'unnamed');
    }
    this.fd = openSync(path, 'a');
    for (const text of this.held) writeSync(this.fd, text);
    this.held = [];
    this.heldChars = 0;
  }
}
