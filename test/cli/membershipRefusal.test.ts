import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bodies, requestLine } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

const initLine = (nodeIds: readonly string[]): string => `${requestLine('init', 1, { node_id: 'n1', node_ids: nodeIds }, { src: 'c0' })}\n`;

describe('a node restarted with another cluster on its data directory', () => {
  it('answers init with code 13 and exits with status 2, also when its input ends right after init', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-membership-cli-'));
    try {
      const env = { OFFSETLOG_DATA_DIR: join(dir, '{node_id}') };
      const first = await runNodeProcess(initLine(['n1', 'n2']), env);
      assert.equal(first.exitCode, 0, first.stderr);
      const again = await runNodeProcess(initLine(['n1']), env);
      assert.deepEqual(bodies(linesOf(again.stdout)).map((body) => body['code']), [13]);
      assert.equal(again.exitCode, 2, again.stderr);
      assert.match(again.stderr, /holds the logs of node "n1" of \["n1","n2"\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
