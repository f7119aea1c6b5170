import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { runStdioNode, type LineHandler } from '../../src/node/stdioNode.js';

const MiB = 1024 * 1024;

/** A request line of about `chars` characters. */
const bigLine = (msgId: number, chars: number): string =>
  JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'fetch_offset', msg_id: msgId, group: 'g', topic: 't', partition: 0, pad: 'x'.repeat(chars) } });

describe('runStdioNode', () => {
  it('holds a bounded number of bytes of input for a client that sends megabyte lines and never reads its replies', { timeout: 60_000 }, async () => {
    const input = new PassThrough();
    // A reader that never reads: every write is refused once its small buffer is full, and never drains.
    const output = new Writable({ highWaterMark: 1024, write: () => {} });
    let handedChars = 0;
    let handedLines = 0;
    const node: LineHandler = {
      handleLines: (lines) => {
        handedLines += lines.length;
        for (const line of lines) handedChars += line.length;
        return Promise.resolve(lines.map((_, i) => `{"reply":${i},"pad":"${'y'.repeat(2048)}"}`));
      },
    };
    void runStdioNode(node, input, output, () => {});
    const lines = 400;
    for (let i = 0; i < lines; i++) input.write(`${bigLine(i, MiB - 200)}\n`);
    await once(input, 'pause');
    // What the node took in: at most four batches in flight and what waits beside them, far below what was sent.
    assert.ok(handedChars <= 4 * 16 * MiB + 2 * MiB, `the node was handed ${handedChars} characters`);
    assert.ok(handedLines < lines / 4, `the node was handed ${handedLines} of ${lines} lines`);
    assert.ok(input.readableLength + input.writableLength > 100 * MiB, `the rest of the input is still unread in the pipe (${input.readableLength + input.writableLength} bytes)`);
  });

  it('hands every line to the node once, in order, and writes every reply, when the reader keeps up', async () => {
    const input = new PassThrough();
    const written: string[] = [];
    const output = new Writable({ write: (chunk: Buffer, _encoding, done) => (written.push(chunk.toString()), done()) });
    const seen: string[] = [];
    const node: LineHandler = { handleLines: (lines) => (seen.push(...lines), Promise.resolve(lines.map((line) => `re ${line.length}`))) };
    const running = runStdioNode(node, input, output, () => {});
    const sent = Array.from({ length: 300 }, (_, i) => bigLine(i, (i % 7) * 100_000));
    for (const line of sent) input.write(`${line}\n`);
    input.end();
    await running;
    assert.deepEqual(seen, sent);
    assert.deepEqual(written.join('').split('\n').filter(Boolean), sent.map((line) => `re ${line.length}`));
  });
});
