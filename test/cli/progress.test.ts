import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { progressReporter } from '../../src/cli/commands/progress.js';
import { repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

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

describe('progress of the commands, on a terminal', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-progress-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const transcript = join(scratch, 'run.jsonl');
  const dataDir = join(scratch, 'data');

  before(async () => {
    // A few MiB of log and transcript: commits with long metadata.
    const metadata = 'm'.repeat(2000);
    const requests = ['{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}'];
    for (let i = 0; i < 2000; i++) {
      requests.push(JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'commit_offset', msg_id: i + 2, group: `g${i % 7}`, topic: 't', partition: 0, offset: i, metadata } }));
    }
    const run = await runNodeProcess(`${requests.join('\n')}\n`, { OFFSETLOG_RECORD: transcript, OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(run.exitCode, 0, run.stderr);
  });

  /** What a terminal shows of a command run in it (stdout sent elsewhere), through script(1)'s pseudo-terminal. */
  function onTerminal(args: string): string {
    const run = spawnSync('script', ['-qec', `${repoRoot}bin/offsetlog ${args} > /dev/null`, '/dev/null'], { encoding: 'utf8', input: '' });
    assert.equal(run.status, 0, run.stdout);
    return run.stdout;
  }

  it('shows replay and describe reading a transcript from its first read to its end, then clears the line', () => {
    for (const [command, label] of [[`replay ${transcript}`, 'replaying'], [`describe ${transcript}`, 'reading']] as const) {
      const shown = onTerminal(command);
      const percents = [...shown.matchAll(new RegExp(`\\r${label} (\\d+)%`, 'g'))].map((match) => Number(match[1]));
      assert.ok(percents.length >= 4, `${command}: ${JSON.stringify(shown)}`);
      assert.ok((percents[0] as number) < 50 && percents.at(-1) === 100, `${command}: ${percents.join(' ')}`);
      assert.ok(shown.endsWith('\r\u001b[K'), `${command} clears its line`);
    }
  });

  it('shows dump, describe and repair reading a data directory', () => {
    for (const [command, label] of [[`dump ${dataDir}`, 'reading'], [`describe ${dataDir}`, 'reading'], [`repair ${dataDir}`, 'reading']] as const) {
      assert.match(onTerminal(command), new RegExp(`\\r${label} \\d+%.*\\r${label} 100%`, 's'), command);
    }
  });

  it('shows nothing for replay --until that stops within the first read', () => {
    assert.equal(onTerminal(`replay ${transcript} --until 10`), '');
  });
});
