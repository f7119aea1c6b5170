import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { commitOffsets, init, listCommitted, poll, send } from '../helpers/requestLines.js';
import { runCli } from '../helpers/runCli.js';
import { runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-kafka-replay-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a recorded run with sends', () => {
  it('replays byte for byte, across a durable restart that keeps the data logs', async () => {
    const env = { OFFSETLOG_DATA_DIR: join(scratch, 'data'), OFFSETLOG_RECORD: join(scratch, 'run.jsonl') };
    const first = [init, send(2, 'k', { b: 1, a: 2 }), send(3, 'k', 'x'), send(4, '__proto__', [1]), poll(5, [['k', 0], ['__proto__', 0]]), commitOffsets(6, [['k', 1]])];
    assert.equal((await runNodeProcess(`${first.join('\n')}\n`, env)).exitCode, 0);
    const second = [init, send(7, 'k', 'after'), poll(8, [['k', 1]]), listCommitted(9, ['k', '__proto__'])];
    const run = await runNodeProcess(`${second.join('\n')}\n`, env);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /"send_ok","in_reply_to":7,"offset":2/);
    assert.match(run.stdout, /"msgs":\{"k":\[\[1,"x"\],\[2,"after"\]\]\}/);
    const replay = runCli(['replay', env.OFFSETLOG_RECORD]);
    assert.equal(replay.stdout, 'replay matched: 10 steps, 10 replies identical\n', replay.stderr);
  });
});
