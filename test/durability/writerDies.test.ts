import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bodies, commit, fetch, init } from '../helpers/requestLines.js';
import { linesOf, nodeBin, repoRoot, runNodeProcess, type NodeRun } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-writer-dies-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The node in a shell whose descriptor limit is `limit`, as `ulimit -n` sets it. */
function runWithDescriptorLimit(limit: number, input: string, env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `ulimit -n ${limit} && exec "$0"`, nodeBin], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode }));
    child.stdin.on('error', () => {}); // a node that stops at start reads nothing
    child.stdin.end(input);
  });
}

describe('a log writer that dies (regression: the node answered init_ok, then every commit with code 13, forever)', () => {
  it('keeps a node whose writer cannot start (out of descriptors) from answering anything: it says why and exits non-zero', async () => {
    const dataDir = join(scratch, 'few-descriptors');
    assert.equal((await runNodeProcess(`${commit(1, 'g', 1)}\n`, { OFFSETLOG_DATA_DIR: dataDir })).exitCode, 0, 'the directory exists, every partition with its file');
    for (const limit of [48, 60, 72]) {
      const run = await runWithDescriptorLimit(limit, `${init}\n${commit(2, 'g', 2)}\n`, { OFFSETLOG_DATA_DIR: dataDir });
      assert.notEqual(run.exitCode, 0, `ulimit -n ${limit}: ${run.stdout}`);
      assert.equal(run.stdout, '', `ulimit -n ${limit}: a node that cannot write accepts no work`);
      if (run.exitCode === 2) assert.match(run.stderr, /cannot run: the log writer could not start: could not open the segment files: EMFILE/);
    }
  });

  it('answers what was in flight as maybe recorded, then stops with a failure status; a restart has every acknowledged commit', async () => {
    const dataDir = join(scratch, 'killed');
    const acknowledged = await runNodeProcess(`${Array.from({ length: 20 }, (_, i) => commit(i + 1, `group-${i}`, i + 1)).join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(acknowledged.exitCode, 0, acknowledged.stderr);

    const env = { OFFSETLOG_DATA_DIR: dataDir, OFFSETLOG_TEST_WRITER_DIES_AT: '1' };
    const commits = Array.from({ length: 400 }, (_, i) => commit(i + 1, `group-${i}`, 1000 + i));
    const run = await runNodeProcess(`${commits.join('\n')}\n`, env, { nodeOptions: ['--import', `${repoRoot}dist/test/durability/faults/writerDiesAfterAppends.js`] });
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(run.stderr, /cannot run: the log writer stopped \(exit code 1\); the log can no longer be written/);
    const replies = bodies(linesOf(run.stdout));
    assert.ok(replies.length > 0);
    assert.equal(replies[0]?.['code'], 13, 'the append in flight when the writer died may or may not be recorded');
    for (const body of replies) assert.ok(body['code'] === 13 || body['code'] === 11, JSON.stringify(body));
    replies.forEach((body, index) => assert.equal(body['in_reply_to'], index + 1, 'one reply per request read, in order'));

    const restarted = await runNodeProcess(`${Array.from({ length: 20 }, (_, i) => fetch(i + 1, `group-${i}`)).join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(restarted.exitCode, 0, restarted.stderr);
    bodies(linesOf(restarted.stdout)).forEach((body, i) => assert.ok(body['offset'] === i + 1 || body['offset'] === 1000 + i, `group-${i}: acknowledged, or overwritten by a commit that may have been recorded`));
  });
});
