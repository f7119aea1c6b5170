import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bodies, fetch, listGroups, offsetFetch } from '../helpers/requestLines.js';
import { runCli } from '../helpers/runCli.js';
import { linesOf, repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-deletes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('deletes across a restart and a replay', () => {
  it('keeps deleted offsets and groups deleted after a restart, in describe and in a replay', async () => {
    const dataDir = join(scratch, 'data');
    const transcript = join(scratch, 'run.jsonl');
    const first = await runNodeProcess(readFileSync(`${repoRoot}fixtures/sessions/deleted-groups-vanish-unknown-ones-reported.in.jsonl`), { OFFSETLOG_DATA_DIR: dataDir, OFFSETLOG_RECORD: transcript });
    assert.equal(first.exitCode, 0, first.stderr);

    const again = await runNodeProcess(
      [listGroups(1), fetch(2, 'a'), offsetFetch(3, 'b')].join('\n'),
      { OFFSETLOG_DATA_DIR: dataDir },
    );
    assert.deepEqual(
      bodies(linesOf(again.stdout)),
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
