import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileLog } from '../../src/log/file/fileLog.js';
import { commitRecord, tombstoneRecord } from '../../src/log/format/offsetRecord.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

/** The recovery yardsticks' one line, run on `dataDir`: what their sink was handed or holds. */
function yardstick(dataDir: string, sink: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [`${repoRoot}dist/bench/recoveryYardstick.js`], { encoding: 'utf8', env: { ...process.env, OFFSETLOG_DATA_DIR: dataDir, RECOVERY_SINK: sink } });
}

describe('the recovery yardsticks (bench)', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'offsetlog-yardstick-'));
    const log = FileLog.open(dir, { partitions: 3 });
    await log.append([commitRecord('analytics', 'orders', 0, 42, 1), commitRecord('billing', 'orders', 0, 7, 2), commitRecord('analytics', 'orders', 1, 9, 3)]);
    await log.append([commitRecord('analytics', 'orders', 0, 43, 4), tombstoneRecord('billing', 'orders', 0)]);
    log.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the reader alone is handed every record of the log, tombstones included', () => {
    const run = yardstick(dir, 'reader');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { sink: 'reader', held: 5 });
  });

  it('the Map ends holding the live keys only: a commit again overwrites, a tombstone deletes', () => {
    const run = yardstick(dir, 'map');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { sink: 'map', held: 2 });
  });

  it('refuses to run without a data directory and a sink it knows', () => {
    const run = yardstick(dir, 'table');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage/);
  });
});
