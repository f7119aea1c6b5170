import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { bodies, requestLine } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

describe('node ids that cannot name a directory', () => {
  it(
    'refuse to start with a refusal, not a bug, on stderr',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offsetlog-odd-ids-'));
      try {
        const id = '../escape';
        const init = requestLine('init', 1, { node_id: id, node_ids: [id, 'n2'] }, { src: 'c0', dest: id });
        const run = await runNodeProcess(`${init}\n`, { OFFSETLOG_DATA_DIR: join(dir, '{node_id}') });
        const [reply] = bodies(linesOf(run.stdout));
        assert.equal(reply?.['code'], 13, run.stdout);
        assert.match(String(reply?.['text']), /cannot be part of the path/);
        assert.deepEqual(readdirSync(dir), [], 'nothing was created outside or inside the data directory');
        assert.notEqual(run.exitCode, 0);
        assert.doesNotMatch(run.stderr, /a bug in offsetlog/, run.stderr);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('an init whose node_ids hold a name no node can take', () => {
  it(
    'is refused as malformed, as its node_id would be',
    async () => {
      const node = new OffsetNode({ log: new MemoryLog(), clock: () => 1 });
      const [reply] = bodies(await node.handleLines([requestLine('init', 1, { node_id: 'n1', node_ids: ['n1', '', 'n2'] }, { src: 'c0' })]));
      assert.equal(reply?.['type'], 'error', JSON.stringify(reply));
      assert.equal(reply?.['code'], 12);
    },
  );
});
