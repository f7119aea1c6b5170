import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertOneLineError, runCli } from '../helpers/runCli.js';
import { linesOf, repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-replay-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sessions = `${repoRoot}fixtures/sessions/`;
const expected = (name: string) => readFileSync(`${repoRoot}fixtures/cli/${name}`, 'utf8');

/** Records a fixture's session through the real node and returns the transcript's path and the node's stdout. */
async function record(session: string, name = session): Promise<{ transcript: string; stdout: string }> {
  const transcript = join(scratch, `${name}.transcript.jsonl`);
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
    assert.equal(run.stderr, '', 'no progress line when stderr is not a terminal');
  });

  it('replays a fixture pair, the task samples included', () => {
    for (const session of ['task-commit-fetch-roundtrip', 'task-different-groups-independent', 'garbage-lines-skipped']) {
      const run = runCli(['replay', `${sessions}${session}.in.jsonl`]);
      assert.equal(run.status, 0, `${session}: ${run.stdout}`);
      assert.match(run.stdout, /^replay matched: \d+ steps, \d+ replies identical\n$/);
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

  it('calls a reply deleted from the end of a transcript a difference, not a match', async () => {
    const { transcript } = await record('backwards-commit-wins', 'last-reply-deleted');
    const lines = linesOf(readFileSync(transcript, 'utf8'));
    assert.match(lines.at(-1) as string, /"dir":"out"/);
    writeFileSync(transcript, `${lines.slice(0, -1).join('\n')}\n`);
    const run = runCli(['replay', transcript]);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^replay differs at step 8\n {2}input: {4}.*"msg_id":8.*\n {2}recorded: \(no reply: the recording holds none here\)\n {2}replayed: .*"in_reply_to":8/);
    assert.doesNotMatch(run.stdout, /matched/);
  });

  it('calls a recorded reply the replay does not give a difference', () => {
    const pair = join(scratch, 'one-reply-too-many');
    copyFileSync(`${sessions}backwards-commit-wins.in.jsonl`, `${pair}.in.jsonl`);
    const replies = readFileSync(`${sessions}backwards-commit-wins.out.jsonl`, 'utf8');
    writeFileSync(`${pair}.out.jsonl`, `${replies.trimEnd()}\n{"src":"n1","dest":"c1","body":{"type":"fetch_offset_ok","in_reply_to":9,"offset":41,"msg_id":8}}\n`);
    const run = runCli(['replay', `${pair}.in.jsonl`]);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^replay differs at step 8\n.*\n {2}recorded: .*"in_reply_to":9.*\n {2}replayed: \(no reply\)\n$/);
  });

  it('says it only ran a session whose recording holds no replies, and exits 0 only with --no-compare', () => {
    const pair = join(scratch, 'no-replies');
    copyFileSync(`${sessions}requests-before-init-still-answered.in.jsonl`, `${pair}.in.jsonl`);
    const run = runCli(['replay', `${pair}.in.jsonl`]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, 'replay ran: 4 steps; the recording holds no replies to compare\n');
    const ran = runCli(['replay', `${pair}.in.jsonl`, '--no-compare']);
    assert.equal(ran.status, 0);
    assert.equal(ran.stdout, 'replay ran: 4 steps; replies not compared (--no-compare)\n');
    const empty = join(scratch, 'empty.jsonl');
    writeFileSync(empty, '');
    const nothing = runCli(['replay', empty]);
    assert.equal(nothing.status, 1);
    assert.equal(nothing.stdout, 'replay ran: 0 steps; the recording holds no replies to compare\n');
  });

  it('tells a recording with no replies at all from one whose first run lacks its replies', () => {
    const config = '{"t":1,"dir":"config","config":{"durable":false}}';
    const init = (id: number) => JSON.stringify({ t: 1, dir: 'in', line: `{"src":"c0","dest":"n1","body":{"type":"init","msg_id":${id},"node_id":"n1","node_ids":["n1"]}}` });
    const initOk = (id: number) => JSON.stringify({ t: 1, dir: 'out', line: `{"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":${id},"msg_id":0}}` });
    const none = join(scratch, 'two-runs-no-replies.jsonl');
    writeFileSync(none, [config, init(1), config, init(2), ''].join('\n'));
    const ran = runCli(['replay', none]);
    assert.equal(ran.status, 1);
    assert.equal(ran.stdout, 'replay ran: 2 steps; the recording holds no replies to compare\n');
    const firstLacking = join(scratch, 'first-run-lacks-replies.jsonl');
    writeFileSync(firstLacking, [config, init(1), config, init(2), initOk(2), ''].join('\n'));
    const differs = runCli(['replay', firstLacking]);
    assert.equal(differs.status, 1);
    assert.match(differs.stdout, /^replay differs at step 1\n.*"msg_id":1,.*\n {2}recorded: \(no reply: the recording holds none here\)\n {2}replayed: .*"in_reply_to":1/);
  });

  it('replays a transcript cut off mid-line, as a kill leaves it, up to the cut, and says so', () => {
    // A transcript as a node that took one line per batch records it: each request, then its reply.
    const inputs = linesOf(readFileSync(`${sessions}backwards-commit-wins.in.jsonl`, 'utf8'));
    const replies = linesOf(readFileSync(`${sessions}backwards-commit-wins.out.jsonl`, 'utf8')).map((line) => JSON.stringify(JSON.parse(line)));
    const lines = [JSON.stringify({ t: 1, dir: 'config', config: { durable: false } })];
    inputs.forEach((line, i) => lines.push(JSON.stringify({ t: 1, dir: 'in', line }), JSON.stringify({ t: 1, dir: 'out', line: replies[i] })));
    const text = `${lines.join('\n')}\n`;
    const cut = join(scratch, 'cut.jsonl');
    // Cut in the middle of the sixth reply: six steps replayed, five replies recorded whole.
    const sixthReply = lines[12] as string;
    writeFileSync(cut, text.slice(0, text.indexOf(sixthReply) + 20));
    const run = runCli(['replay', cut]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.stdout, 'replay agrees up to the cut: 6 steps, 5 replies identical; the transcript ends in the middle of a line (a killed recorder), and 1 reply after the cut is not compared\n');
    // Cut in the middle of the seventh request: it was never replayed, and every reply before it compares.
    const seventhRequest = lines[13] as string;
    writeFileSync(cut, text.slice(0, text.indexOf(seventhRequest) + 20));
    const cutInRequest = runCli(['replay', cut]);
    assert.equal(cutInRequest.status, 0, cutInRequest.stdout);
    assert.equal(cutInRequest.stdout, 'replay agrees up to the cut: 6 steps, 6 replies identical; the transcript ends in the middle of a line (a killed recorder)\n');
    assert.doesNotMatch(run.stdout + cutInRequest.stdout, /matched/);
  });

  it('replays a transcript of several runs as restarts: carrying offsets over when the log was durable', async () => {
    const commitLines = '{"src":"c1","dest":"n1","body":{"type":"commit_offset","msg_id":1,"group":"g","topic":"t","partition":0,"offset":42}}\n';
    const fetchLines = '{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":2,"group":"g","topic":"t","partition":0}}\n';
    for (const durable of [true, false]) {
      const transcript = join(scratch, `restarts-${durable}.jsonl`);
      const env = { OFFSETLOG_RECORD: transcript, ...(durable ? { OFFSETLOG_DATA_DIR: join(scratch, 'restarts-data') } : {}) };
      await runNodeProcess(commitLines, env);
      const second = await runNodeProcess(fetchLines, env);
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

  it('stops at a step, prints the table as it stood, and says it compared only up to there', () => {
    const run = runCli(['replay', `${sessions}backwards-commit-wins.in.jsonl`, '--until', '3']);
    assert.equal(run.status, 0);
    assert.equal(
      run.stdout,
      'offset table after step 3:\nGROUP  TOPIC  PARTITION  CURRENT-OFFSET  COMMITTED-AT  METADATA\ng      t      0          40              -             -\nreplay stopped after step 3 (--until): 3 replies identical\n',
    );
    const ran = runCli(['replay', `${sessions}backwards-commit-wins.in.jsonl`, '--until', '3', '--no-compare']);
    assert.equal(ran.status, 0);
    assert.match(ran.stdout, /\nreplay ran: stopped after step 3 \(--until\); replies not compared \(--no-compare\)\n$/);
  });

  it('refuses what is not a transcript with status 2, and a damaged transcript with status 1, each in one line', () => {
    assertOneLineError(runCli(['replay', join(scratch, 'nope.jsonl')]), 2, /^offsetlog replay: .*nope\.jsonl: no such file, expected a transcript/);
    const dataDir = join(scratch, 'a-data-directory');
    mkdirSync(dataDir, { recursive: true });
    assertOneLineError(runCli(['replay', dataDir]), 2, /a-data-directory: expected a transcript file, got a directory/);
    const segment = join(scratch, '00000000000000000000.log');
    writeFileSync(segment, Buffer.from([0x3c, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x0a]));
    assertOneLineError(runCli(['replay', segment]), 2, /00000000000000000000\.log: not a transcript: line 1 is not JSON, got binary data/);
    writeFileSync(join(scratch, 'bad.jsonl'), '{"t":1,"dir":"in","line":"x"}\n{"dir":"sideways"}\n{"t":1,"dir":"in","line":"y"}\n');
    assertOneLineError(runCli(['replay', join(scratch, 'bad.jsonl')]), 1, /bad\.jsonl:2: expected \{"t": number, "dir": "in" \| "out", "line": string\}, got "\{\\"dir\\":\\"sideways\\"\}"/);
    assertOneLineError(runCli(['replay', 'a', '--group', 'g']), 2, /--group, --topic and --partition go together/);
    assertOneLineError(runCli(['replay', 'a', '--until', 'ten']), 2, /--until must be an integer from 1, got "ten"/);
    assertOneLineError(runCli(['replay']), 2, /^offsetlog replay: expected one transcript, got 0 paths/);
    assertOneLineError(runCli(['replay', 'a', '--bogus']), 2, /^offsetlog replay: Unknown option '--bogus' \(see/);
  });
});
