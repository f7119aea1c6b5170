import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { partitionDirectory, readPartitionCount, segmentPath } from '../../src/log/file/dataDirectory.js';
import { partitionFor } from '../../src/log/partitionFor.js';
import { bodies, commit, fetch } from '../helpers/requestLines.js';
import { runCli } from '../helpers/runCli.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-missing-segment-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a partition whose segment file vanished (regression: read as an empty partition, with no word)', () => {
  for (const deleted of ['segment file', 'partition directory'] as const) {
    it(`keeps the node from starting when its ${deleted} is deleted, makes dump and describe exit 1, until repair --yes makes an empty one`, async () => {
      const dataDir = join(scratch, deleted.replace(' ', '-'));
      const env = { OFFSETLOG_DATA_DIR: dataDir };
      assert.equal((await runNodeProcess(`${commit(1, 'g', 7)}\n${commit(2, 'h', 9)}\n`, env)).exitCode, 0);
      const partition = partitionFor('g', readPartitionCount(dataDir));
      const path = segmentPath(dataDir, partition);
      if (deleted === 'segment file') unlinkSync(path);
      else rmSync(partitionDirectory(dataDir, partition), { recursive: true });

      const refused = await runNodeProcess(`${fetch(1, 'g')}\n`, env);
      assert.equal(refused.exitCode, 1, refused.stderr);
      assert.equal(refused.stdout, '');
      assert.ok(refused.stderr.includes(`${path}: the segment file of a log partition is missing`), refused.stderr);
      for (const command of ['dump', 'describe']) {
        const run = runCli([command, dataDir]);
        assert.equal(run.status, 1, `${command}: ${run.stderr}`);
        assert.ok(run.stderr.includes(`${path}: the segment file of a log partition is missing`), run.stderr);
      }

      const dryRun = runCli(['repair', dataDir]);
      assert.equal(dryRun.status, 1);
      assert.equal(dryRun.stdout, `${path}: missing; would make an empty one (its records are lost)\nnothing was changed; run again with --yes to cut\n`);
      assert.equal(runCli(['repair', dataDir, '--yes']).status, 0);
      const repaired = await runNodeProcess(`${fetch(1, 'g')}\n${fetch(2, 'h')}\n`, env);
      assert.equal(repaired.exitCode, 0, repaired.stderr);
      const hLost = partitionFor('h', readPartitionCount(dataDir)) === partition;
      assert.deepEqual(bodies(linesOf(repaired.stdout)).map((body) => body['offset']), [0, hLost ? 0 : 9], 'the records of the vanished partition are gone, the others kept');
    });
  }
});
