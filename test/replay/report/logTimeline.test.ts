import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { segmentPath } from '../../../src/log/file/dataDirectory.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../../../src/log/partitionFor.js';
import { readRuns } from '../../../src/replay/report/readRuns.js';
import { runNodeProcess } from '../../helpers/runNodeProcess.js';
import { commit, INIT, request } from './recordedRun.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-log-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the timeline of a data directory', () => {
  it('has each commit at its commit time and each tombstone, in log order, without clients', async () => {
    const dataDir = join(scratch, 'data');
    const lines = [
      INIT,
      commit('c1', 2, 'g', 0, 100, 'm'),
      commit('c1', 3, 'g', 0, 40),
      commit('c1', 4, 'g', 1, 7),
      request('c1', { type: 'offset_delete', msg_id: 5, group: 'g', partitions: [{ topic: 't', partition: 0 }] }),
      commit('c1', 6, 'g', 0, 1),
    ];
    const run = await runNodeProcess(`${lines.join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(run.exitCode, 0, run.stderr);
    const { timeline, overview } = await readRuns([dataDir]);
    const marks = timeline.marksOf({ group: 'g', topic: 't', partition: 0 });
    assert.deepEqual(marks.map((mark) => [mark.kind, mark.offset, mark.position, mark.client, mark.msgId]), [
      ['commit', 100, 0, undefined, undefined],
      ['rewind', 40, 1, undefined, undefined],
      ['tombstone', 40, 3, undefined, undefined],
      ['commit', 1, 4, undefined, undefined],
    ]);
    assert.equal(marks[0]?.metadata, 'm');
    assert.ok(Math.abs((marks[0]?.t ?? 0) - Date.now()) < 600_000, 'at the time the node stamped it');
    assert.equal(marks[2]?.t, marks[1]?.t, 'a tombstone at the time of the record before it');
    assert.deepEqual(overview.sources[marks[0]?.source ?? -1], { kind: 'log-partition', path: dataDir, partition: partitionFor('g', DEFAULT_LOG_PARTITIONS) });
    assert.deepEqual(overview.warnings, []);
  });

  it('shows what comes before a torn tail, and says so', async () => {
    const dataDir = join(scratch, 'torn');
    const run = await runNodeProcess(`${[INIT, commit('c1', 2, 'g', 0, 5)].join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(run.exitCode, 0, run.stderr);
    appendFileSync(segmentPath(dataDir, partitionFor('g', DEFAULT_LOG_PARTITIONS)), Buffer.from([0, 0, 0]));
    const { timeline, overview } = await readRuns([dataDir]);
    assert.deepEqual(timeline.marksOf({ group: 'g', topic: 't', partition: 0 }).map((mark) => mark.offset), [5]);
    assert.equal(overview.warnings.length, 1);
    assert.match(overview.warnings[0] as string, /ends with an incomplete record at byte \d+; the report stops there/);
  });
});
