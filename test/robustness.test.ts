import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { commit, fetch, init } from './helpers/requestLines.js';
import { linesOf, runNodeProcess } from './helpers/runNodeProcess.js';

describe('bad input through bin/offsetlog-node', () => {
  it('skips a line of several megabytes, says so on stderr, and answers the lines around it', async () => {
    const huge = commit(2, 'g'.repeat(3 * 1024 * 1024), 1);
    const run = await runNodeProcess(`${init}\n${huge}\n${fetch(3, 'g')}\n`);
    assert.equal(run.exitCode, 0);
    assert.deepEqual(linesOf(run.stdout).map((line) => (JSON.parse(line) as { body: { in_reply_to: number } }).body.in_reply_to), [1, 3]);
    assert.ok(run.stderr.includes(`skipped a line of ${huge.length} characters: too long to be a request`), run.stderr);
  });

  it('survives random bytes: exits 0, writes only JSON lines, and still answers a request after them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }), async (chunks) => {
        const noise = Buffer.concat(chunks.map((chunk) => Buffer.concat([Buffer.from(chunk), Buffer.from('\n')])));
        const run = await runNodeProcess(Buffer.concat([Buffer.from(`${init}\n`), noise, Buffer.from(`\n${fetch(99, 'g')}\n`)]));
        assert.equal(run.exitCode, 0, run.stderr);
        const replies = linesOf(run.stdout).map((line) => JSON.parse(line) as { body: Record<string, unknown> });
        assert.deepEqual(replies.at(-1)?.body, { type: 'fetch_offset_ok', in_reply_to: 99, offset: 0, msg_id: replies.length - 1 });
      }),
      { numRuns: 15 },
    );
  });

  it('answers nothing and exits 0 on empty input', async () => {
    const run = await runNodeProcess('');
    assert.deepEqual([run.exitCode, run.stdout], [0, '']);
  });
});
