import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressReporter } from '../../src/cli/commands/progress.js';

/** A stand-in for stderr that keeps what is written. */
function stream(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): void } {
  const written: string[] = [];
  return { isTTY, written, write: (text) => written.push(text) };
}

const MiB = 1 << 20;

describe('progress on stderr', () => {
  it('is shown on a terminal, once per percent, and cleared when the work is done', () => {
    const terminal = stream(true);
    const progress = progressReporter('reading', terminal);
    assert.ok(progress !== undefined);
    for (const done of [0, 1, 2, 50 * MiB, 50 * MiB + 1, 100 * MiB]) progress.update(done, 100 * MiB);
    progress.finish();
    assert.deepEqual(terminal.written, ['\rreading 0%', '\rreading 50%', '\rreading 100%', '\r\u001b[K']);
  });

  it('is never written where stderr is not a terminal (a pipe, a log file)', () => {
    assert.equal(progressReporter('reading', stream(false)), undefined);
  });

  it('stays quiet for work too small to watch', () => {
    const terminal = stream(true);
    const progress = progressReporter('reading', terminal);
    progress?.update(10, 1000);
    progress?.finish();
    assert.deepEqual(terminal.written, []);
  });
});
