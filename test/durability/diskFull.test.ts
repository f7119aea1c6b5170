import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bodies, commit, fetch } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';
import { mountTinyDisk } from '../helpers/tinyDisk.js';

describe('a full disk', () => {
  it('refuses the commits it could not write with a definite error, rolls them back, and keeps serving', async (t) => {
    const disk = mountTinyDisk();
    if (typeof disk === 'string') {
      t.skip(disk);
      return;
    }
    try {
      const dataDir = join(disk.dir, 'data');
      const env = { OFFSETLOG_DATA_DIR: dataDir };
      const first = await runNodeProcess(`${commit(1, 'kept', 7)}\n`, env);
      assert.deepEqual(bodies(linesOf(first.stdout)).map((body) => body['type']), ['commit_offset_ok']);

      // Far more than 1 MiB of metadata: the disk fills partway through.
      const big = 'm'.repeat(4000);
      const flood = Array.from({ length: 600 }, (_, i) => commit(10 + i, `group-${i}`, i, 0, { metadata: big }));
      const second = await runNodeProcess(`${[...flood, fetch(9999, 'kept')].join('\n')}\n`, env);
      assert.equal(second.exitCode, 0, second.stderr);
      const replies = bodies(linesOf(second.stdout));
      const refused = replies.filter((body) => body['type'] === 'error');
      assert.ok(refused.length > 0, 'the disk filled up');
      for (const body of refused) {
        assert.equal(body['code'], 11, JSON.stringify(body));
        assert.match(String(body['text']), /ENOSPC.*nothing was recorded and the request may be retried/);
      }
      assert.deepEqual(replies.at(-1), { type: 'fetch_offset_ok', in_reply_to: 9999, offset: 7, msg_id: replies.length - 1 });
      const acknowledged = new Set(replies.filter((body) => body['type'] === 'commit_offset_ok').map((body) => (body['in_reply_to'] as number) - 10));

      // After a restart: every acknowledged commit is there, no refused one is, and the log reads cleanly.
      const check = Array.from({ length: 600 }, (_, i) => fetch(i, `group-${i}`));
      const third = await runNodeProcess(`${check.join('\n')}\n`, env);
      assert.equal(third.exitCode, 0, third.stderr);
      bodies(linesOf(third.stdout)).forEach((body, i) => {
        assert.equal(body['offset'], acknowledged.has(i) ? i : 0, `group-${i}`);
      });
    } finally {
      disk.unmount();
    }
  });
});
