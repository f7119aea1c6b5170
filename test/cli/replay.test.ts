import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { commit, fetch } from '../helpers/requestLines.js';
import { runCli } from '../helpers/runCli.js';
import { linesOf, repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-replay-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sessions = `${repoRoot}fixtures/sessions/`;
const expected = (name: string) => readFileSync(`${repoRoot}fixtures/cli/${name}`, 'utf8');

/** Records a fixture's session through the real node and returns the transcript's path and the node's stdout. */
async function record(session: string): Promise<{ transcript: string; stdout: string }> {
  const transcript = join(scratch, `${session}.transcript.jsonl`);
  const run = await runNodeProcess(readFileSync(`${sessions}${session}.in.jsonl`), { OFFSETLOG_RECORD: transcript });
  assert.equal(run.exitCode, 0, run.stderr);
  return { transcript, stdout: run.stdout };
}

describe('offsetlog replay', () => {
  it('reproduces a recorded session byte for byte', async () => {
    const { transcript, stdout } = await record('interleaved-clients');
    const entries = linesOf(readFileSync(transcript, 'utf8')).map((line) => JSON.parse(line) as { dir: string; line: string });
    assert.deepEqual(entries.filter((e) => e.dir === 'out').map((e) => e.line), linesOf(stdout), 'the transcript holds exactly what the node wrote');
    const run = runCli(['replay', transcript]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const replies = linesOf(stdout).length;
    assert.equal(run.stdout, `replay matched: ${entries.filter((e) => e.dir === 'in').length} steps, ${replies} replies identical\n`);
  });

  it('replays a fixture pair, the task samples included', () => {
    for (const session of ['task-commit-fetch-roundtrip', 'task-different-groups-independent', 'garbage-lines-skipped']) {
      const run = runCli(['replay', `${sessions}${session}.in.jsonl`]);
      assert.equal(run.status, 0, `${session}: ${run.stdout}`);
    }
  });

  it('fails at exactly the step whose recorded reply was changed', async () => {
    const { transcript } = await record('backwards-commit-wins');
    const lines = linesOf(readFileSync(transcript, 'utf8'));
    // Change the reply to the fetch at input step 6 (it read 0) into 99.
    const index = lines.findIndex((line) => line.includes('\\"in_reply_to\\":6'));
    const edited = join(scratch, 'edited.jsonl');
    writeFileSync(edited, `${lines.map((line, i) => (i === index ? line.replace('\\"offset\\":0', '\\"offset\\":99') : line)).join('\n')}\n`);
    const run = runCli(['replay', edited]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^replay differs at step 6\n/);
    assert.match(run.stdout, /recorded: .*"offset":99/);
    assert.match(run.stdout, /replayed: .*"offset":0/);
  });

  it('replays a transcript cut off mid-line, as a kill leaves it, up to the cut', async () => {
    const { transcript } = await record('interleaved-clients');
    const text = readFileSync(transcript, 'utf8');
    const cut = join(scratch, 'cut.jsonl');
    writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.6)));
    const run = runCli(['replay', cut]);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stderr, /ends in the middle of a line/);
    assert.match(run.stdout, /^replay matched: \d+ steps, \d+ replies identical/);
  });

  it('replays a transcript of several runs as restarts: carrying offsets over when the log was durable', async () => {
    for (const durable of [true, false]) {
      const transcript = join(scratch, `restarts-${durable}.jsonl`);
      const env = { OFFSETLOG_RECORD: transcript, ...(durable ? { OFFSETLOG_DATA_DIR: join(scratch, 'restarts-data') } : {}) };
      await runNodeProcess(`${commit(1, 'g', 42)}\n`, env);
      const second = await runNodeProcess(`${fetch(2, 'g')}\n`, env);
      assert.match(second.stdout, durable ? /"offset":42/ : /"offset":0/);
      const run = runCli(['replay', transcript]);
      assert.equal(run.status, 0, run.stdout);
      assert.equal(run.stdout, 'replay matched: 2 steps, 2 replies identical\n');
    }
  });

  it('follows one key: every commit that moved it and every fetch that read it', () => {
    const run = runCli(['replay', `${sessions}backwards-commit-wins.in.jsonl`, '--group', 'g', '--topic', 't', '--partition', '0']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, expected('replay-backwards-commit-wins-follow-key.txt'));
  });

  it('follows keys whose names hold separators, without confusing them', () => {
    const run = runCli(['replay', `${sessions}colliding-looking-names.in.jsonl`, '--group', 'a', '--topic', 'b:c', '--partition', '0']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^step 3 {2}commit_offset {2}c1 msg_id 3 {2}none -> 2\nstep 14 {2}fetch_offset {3}c1 msg_id 14 {2}read 2\n/);
  });

  it('stops at a step and prints the table as it stood', () => {
    const run = runCli(['replay', `${sessions}backwards-commit-wins.in.jsonl`, '--until', '3']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /offset table after step 3:\nGROUP +TOPIC +PARTITION +CURRENT-OFFSET.*\ng +t +0 +40 /);
  });

  it('says clearly what is wrong with its input', () => {
    const missing = runCli(['replay', join(scratch, 'nope.jsonl')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read .*nope\.jsonl/);
    writeFileSync(join(scratch, 'bad.jsonl'), '{"t":1,"dir":"in","line":"x"}\n{"dir":"sideways"}\n{"t":1,"dir":"in","line":"y"}\n');
    const bad = runCli(['replay', join(scratch, 'bad.jsonl')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\.jsonl:2: expected \{"t": number, "dir": "in" \| "out", "line": string\}/);
    const usage = runCli(['replay', 'a', '--group', 'g']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--group, --topic and --partition go together/);
  });
});

describe('offsetlog describe', () => {
  it('prints the table a fixture session leads to, sorted, names that need it quoted', () => {
    const run = runCli(['describe', `${sessions}colliding-looking-names.in.jsonl`]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, expected('describe-colliding-looking-names.txt'));
  });

  it('filters by group and speaks JSON', () => {
    const run = runCli(['describe', `${sessions}interleaved-clients.in.jsonl`, '--group', 'group-2', '--json']);
    assert.equal(run.stdout, expected('describe-interleaved-clients-group-2.jsonl'));
  });
});
