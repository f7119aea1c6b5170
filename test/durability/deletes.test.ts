import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/runCli.js';
import { linesOf, repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-deletes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('deletes across a restart and a replay', () => {
  it('keeps deleted offsets and groups deleted after a restart, in describe and in a replay', async () => {
    const dataDir = join(scratch, 'data');
    const transcript = join(scratch, 'run.jsonl');
    const first = await runNodeProcess(readFileSync(`${repoRoot}fixtures/sessions/delete-groups.in.jsonl`), { OFFSETLOG_DATA_DIR: dataDir, OFFSETLOG_RECORD: transcript });
    assert.equal(first.exitCode, 0, first.stderr);

    const again = await runNodeProcess(
      [
        '{"src":"c1","dest":"n1","body":{"type":"list_groups","msg_id":1}}',
        '{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":2,"group":"a","topic":"t","partition":0}}',
        '{"src":"c1","dest":"n1","body":{"type":"offset_fetch","msg_id":3,"group":"b"}}',
      ].join('\n'),
      { OFFSETLOG_DATA_DIR: dataDir },
    );
    assert.deepEqual(
      linesOf(again.stdout).map((line) => (JSON.parse(line) as { body: Record<string, unknown> }).body),
      [
        { type: 'list_groups_ok', in_reply_to: 1, groups: ['b'], msg_id: 0 },
        { type: 'fetch_offset_ok', in_reply_to: 2, offset: 0, msg_id: 1 },
        { type: 'offset_fetch_ok', in_reply_to: 3, topics: [{ topic: 't', partitions: [{ partition: 0, offset: 3 }] }], msg_id: 2 },
      ],
    );

    const described = runCli(['describe', dataDir]);
    assert.match(described.stdout, /^GROUP +TOPIC.*\nb +t +0 +3 +\S+ +-\n$/);
    const dumped = runCli(['dump', dataDir]).stdout;
    assert.equal(dumped.match(/ payload: null$/gm)?.length, 3, 'a tombstone for each offset of a and c');

    const replayed = runCli(['replay', transcript]);
    assert.equal(replayed.status, 0, replayed.stdout);
    assert.match(replayed.stdout, /^replay matched: 11 steps, 11 replies identical/);
  });
});
