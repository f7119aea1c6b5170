import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { bodies, commit, fetch } from '../helpers/requestLines.js';
import { linesOf, nodeBin, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-lock-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A node that keeps running: each request line written gets its reply line back. */
function runningNode(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; ask: (line: string) => Promise<Record<string, unknown>>; exit: () => Promise<number | null> } {
  const child = spawn(nodeBin, [], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    ask: async (line) => {
      child.stdin.write(`${line}\n`);
      const reply = await replies.next();
      assert.equal(reply.done, false, 'the node answers');
      return bodies([reply.value as string])[0] as Record<string, unknown>;
    },
    exit: () => {
      child.stdin.end();
      return exited;
    },
  };
}

describe('the data directory lock (regression: a pid file, which a deleted or faked .lock defeated)', () => {
  it('keeps a second node out while the first runs, even with .lock deleted, and neither refusal releases the first one', async () => {
    const dataDir = join(scratch, 'shared');
    const env = { OFFSETLOG_DATA_DIR: dataDir };
    const first = runningNode(env);
    try {
      assert.equal((await first.ask(commit(1, 'g', 7)))['type'], 'commit_offset_ok');

      const second = await runNodeProcess(`${commit(1, 'g', 99)}\n`, env);
      assert.notEqual(second.exitCode, 0);
      assert.match(second.stderr, new RegExp(`data directory .* is in use by process ${first.child.pid}`));
      assert.equal(second.stdout, '', 'the refused node answers nothing');

      unlinkSync(join(dataDir, '.lock'));
      const third = await runNodeProcess(`${commit(1, 'g', 99)}\n`, env);
      assert.notEqual(third.exitCode, 0, 'deleting .lock lets no second node in');
      assert.match(third.stderr, /is in use by another process/);

      assert.equal((await first.ask(commit(2, 'g', 8)))['type'], 'commit_offset_ok', 'the first node still writes');
    } finally {
      assert.equal(await first.exit(), 0);
    }
    const after = await runNodeProcess(`${fetch(1, 'g')}\n`, env);
    assert.equal(after.exitCode, 0, after.stderr);
    assert.equal(bodies(linesOf(after.stdout))[0]?.['offset'], 8, 'the first node exited and let go: nothing the refused nodes tried was written');
  });

  it('lets a node in past a .lock that names a live process (here this test) or its own pid, or holds nothing', async () => {
    const dataDir = join(scratch, 'faked');
    const env = { OFFSETLOG_DATA_DIR: dataDir };
    assert.equal((await runNodeProcess(`${commit(1, 'g', 3)}\n`, env)).exitCode, 0);
    for (const fake of [`${process.pid}\n`, 'not a pid', '']) {
      writeFileSync(join(dataDir, '.lock'), fake);
      const run = await runNodeProcess(`${fetch(1, 'g')}\n`, env);
      assert.equal(run.exitCode, 0, `.lock holding ${JSON.stringify(fake)}: ${run.stderr}`);
      assert.equal(bodies(linesOf(run.stdout))[0]?.['offset'], 3);
    }
  });
});
