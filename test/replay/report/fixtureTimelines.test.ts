import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readRuns } from '../../../src/replay/report/readRuns.js';
import { runCli } from '../../helpers/runCli.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';

const sessions = `${repoRoot}fixtures/sessions/`;
const key = (group: string, topic = 't', partition = 0) => ({ group, topic, partition });

describe('timelines of the recorded fixtures', () => {
  it('backwards-commit-wins: two rewinds, and fetches where the consumer resumed', async () => {
    const { timeline } = await readRuns([`${sessions}backwards-commit-wins.in.jsonl`]);
    assert.deepEqual(
      timeline.marksOf(key('g')).map((mark) => [mark.kind, mark.offset, mark.position, mark.msgId]),
      [
        ['commit', 100, 2, 2],
        ['rewind', 40, 3, 3],
        ['rewind', 0, 5, 5],
        ['commit', 41, 7, 7],
      ],
    );
    assert.deepEqual(timeline.fetchesOf(key('g')).map((fetch) => [fetch.position, fetch.offset]), [[4, 40], [6, 0], [8, 41]]);
  });

  it('metadata-travels-with-its-commit: metadata kept, refused commits marked where they asked to go', async () => {
    const { timeline, overview } = await readRuns([`${sessions}metadata-travels-with-its-commit.in.jsonl`]);
    const marks = timeline.marksOf(key('g'));
    assert.deepEqual(marks.map((mark) => [mark.kind, mark.offset, mark.position]), [
      ['commit', 5, 2],
      ['commit', 6, 4],
      ['commit', 7, 6],
      ['error', 8, 7],
      ['error', 8, 8],
      ['commit', 9, 9],
    ]);
    assert.equal(marks[0]?.metadata, 'consumer-1 at host-a');
    assert.equal(marks[1]?.metadata, undefined);
    assert.equal(marks[5]?.metadata, '');
    assert.equal(marks[3]?.code, 12);
    assert.equal(marks[3]?.text, 'commit_offset: metadata must be at most 4096 bytes, got 4097');
    assert.deepEqual([...overview.errors.keys()], [12]);
  });

  it('deleted-groups-vanish-unknown-ones-reported and offset-delete-removes-only-named-partitions: deletes of what stood, nothing for what did not', async () => {
    const groups = (await readRuns([`${sessions}deleted-groups-vanish-unknown-ones-reported.in.jsonl`])).timeline;
    assert.deepEqual(groups.marksOf(key('a', 't', 1)).map((mark) => [mark.kind, mark.offset, mark.position]), [['commit', 2, 2], ['delete', 2, 4]]);
    assert.deepEqual(groups.marksOf(key('b')).map((mark) => mark.kind), ['commit'], 'a delete_groups refused as a whole deletes nothing');
    const offsets = (await readRuns([`${sessions}offset-delete-removes-only-named-partitions.in.jsonl`])).timeline;
    assert.deepEqual(offsets.marksOf(key('g')).map((mark) => [mark.kind, mark.position]), [['commit', 2], ['delete', 3], ['commit', 8], ['delete', 10]]);
    assert.deepEqual(offsets.marksOf(key('g', 'u')).map((mark) => [mark.kind, mark.position]), [['commit', 2], ['delete', 10]]);
  });

  it('malformed-fields-refused-with-code-12: errors counted by code and request, marked on a key only where one could be read', async () => {
    const { timeline, overview } = await readRuns([`${sessions}malformed-fields-refused-with-code-12.in.jsonl`]);
    assert.deepEqual(timeline.marksOf(key('g')).map((mark) => [mark.kind, mark.offset, mark.position]), [
      ['commit', 5, 2],
      ['error', undefined, 10],
      ['error', undefined, 11],
      ['error', undefined, 12],
    ]);
    const tally = overview.errors.get(12);
    assert.equal(tally?.count, 15);
    assert.deepEqual([...(tally?.byRequest ?? [])].sort(), [['(unknown request)', 2], ['commit_offset', 11], ['fetch_offset', 2]]);
    assert.equal(tally?.first.origin.position, 3);
  });

  it('every fixture: the offsets it ends with are the ones offsetlog describe prints, and fetches agree along the way', async () => {
    const names = readdirSync(sessions).filter((name) => name.endsWith('.in.jsonl'));
    assert.ok(names.length > 10);
    for (const name of names) {
      const { timeline, overview } = await readRuns([`${sessions}${name}`]);
      const ends: string[] = [];
      for (let series = 0; series < timeline.seriesCount; series++) {
        const offset = timeline.offsetOf(series);
        if (offset !== undefined) ends.push(JSON.stringify([timeline.seriesGroup[series], timeline.seriesTopic[series], timeline.seriesPartition[series], offset]));
      }
      const described = runCli(['describe', `${sessions}${name}`, '--json']);
      assert.equal(described.status, 0, described.stderr);
      const expected = described.stdout.split('\n').filter((line) => line !== '').map((line) => {
        const row = JSON.parse(line) as { group: string; topic: string; partition: number; offset: number };
        return JSON.stringify([row.group, row.topic, row.partition, row.offset]);
      });
      assert.deepEqual(ends.sort(), expected.sort(), name);
      assert.deepEqual(overview.warnings, [], name);
    }
  });
});
