import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RunOverview } from '../../../src/replay/report/runOverview.js';
import { Timeline } from '../../../src/replay/report/timeline.js';
import { TranscriptTimelineBuilder } from '../../../src/replay/report/transcriptTimeline.js';
import type { TranscriptItem } from '../../../src/replay/report/transcriptSource.js';
import { runCli } from '../../helpers/runCli.js';
import { commit, fetchOffset, INIT, recordedItems, request, transcriptText } from './recordedRun.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-timeline-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function build(items: readonly TranscriptItem[]): { timeline: Timeline; overview: RunOverview } {
  const timeline = new Timeline();
  const overview = new RunOverview();
  const builder = new TranscriptTimelineBuilder(timeline, overview, overview.addSource({ kind: 'transcript', path: 'run.jsonl' }));
  for (const item of items) builder.take(item);
  builder.finish();
  return { timeline, overview };
}

const key = (group: string, partition = 0) => ({ group, topic: 't', partition });
const brief = (timeline: Timeline, group: string, partition = 0) => timeline.marksOf(key(group, partition)).map((mark) => `${mark.kind} ${mark.offset ?? '-'} @${mark.position} t=${mark.t}`);

describe('the timeline of a transcript', () => {
  it('moves a line only when the commit is acknowledged, at the time the request came in', () => {
    const items: TranscriptItem[] = [
      { dir: 'config', t: 5, durable: false, retentionMs: undefined },
      { dir: 'in', t: 10, line: INIT },
      { dir: 'in', t: 10, line: commit('c1', 2, 'g', 0, 5) },
      // The next batch is recorded before the first batch's replies (a durable node pipelines).
      { dir: 'in', t: 20, line: commit('c2', 2, 'g', 1, 7) },
      { dir: 'out', t: 30, line: JSON.stringify({ src: 'n1', dest: 'c0', body: { type: 'init_ok', in_reply_to: 1, msg_id: 0 } }) },
      { dir: 'out', t: 30, line: JSON.stringify({ src: 'n1', dest: 'c1', body: { type: 'commit_offset_ok', in_reply_to: 2, msg_id: 1 } }) },
      { dir: 'out', t: 40, line: JSON.stringify({ src: 'n1', dest: 'c2', body: { type: 'error', in_reply_to: 2, code: 11, text: 'disk full; nothing was recorded', msg_id: 2 } }) },
    ];
    const { timeline, overview } = build(items);
    assert.deepEqual(brief(timeline, 'g', 0), ['commit 5 @2 t=10']);
    assert.deepEqual(brief(timeline, 'g', 1), ['error 7 @3 t=20'], 'a refused commit is marked, and moves nothing');
    assert.equal(timeline.offsetOf(timeline.findSeries(key('g', 1)) as number), undefined);
    assert.deepEqual([...overview.errors.values()].map((tally) => [tally.code, tally.count, [...tally.byRequest]]), [[11, 1, [['commit_offset', 1]]]]);
  });

  it('pairs replies by client and msg_id, whatever order they come in', () => {
    const items: TranscriptItem[] = [
      { dir: 'in', t: 0, line: commit('c1', 7, 'g', 0, 1) },
      { dir: 'in', t: 0, line: commit('c2', 7, 'h', 0, 2) },
      { dir: 'out', t: 0, line: JSON.stringify({ src: 'n1', dest: 'c2', body: { type: 'commit_offset_ok', in_reply_to: 7, msg_id: 0 } }) },
      { dir: 'out', t: 0, line: JSON.stringify({ src: 'n1', dest: 'c1', body: { type: 'error', in_reply_to: 7, code: 13, text: 'crash', msg_id: 1 } }) },
    ];
    const { timeline } = build(items);
    assert.deepEqual(brief(timeline, 'g'), ['error 1 @1 t=0']);
    assert.deepEqual(brief(timeline, 'h'), ['commit 2 @2 t=0']);
  });

  it('marks a commit that moves an offset back as a rewind, and a delete, with each step', async () => {
    const items = await recordedItems([
      {
        inputs: [
          [100, INIT],
          [100, commit('c1', 2, 'g', 0, 100, 'first pass')],
          [110, commit('c1', 3, 'g', 0, 40)],
          [120, commit('c1', 4, 'g', 0, 40)],
          [130, request('c1', { type: 'offset_delete', msg_id: 5, group: 'g', partitions: [{ topic: 't', partition: 0 }] })],
          [140, commit('c1', 6, 'g', 0, 3)],
        ],
      },
    ]);
    const { timeline, overview } = build(items);
    assert.deepEqual(brief(timeline, 'g'), ['commit 100 @2 t=100', 'rewind 40 @3 t=110', 'commit 40 @4 t=120', 'delete 40 @5 t=130', 'commit 3 @6 t=140']);
    const [first] = timeline.marksOf(key('g'));
    assert.equal(first?.metadata, 'first pass');
    assert.equal(first?.client, 'c1');
    assert.equal(first?.msgId, 2);
    assert.deepEqual(overview.warnings, []);
  });

  it('numbers steps across restarts as offsetlog replay --until does', async () => {
    const items = await recordedItems([
      { inputs: [[1000, INIT], [1000, commit('c1', 2, 'g', 0, 10)], [1001, fetchOffset('c1', 3, 'g', 0)]] },
      { durable: true, inputs: [[2000, INIT], [2000, commit('c1', 4, 'g', 0, 5)], [2001, commit('c1', 5, 'g', 1, 9)]] },
      { inputs: [[3000, INIT], [3000, commit('c1', 6, 'g', 1, 1)]] },
    ]);
    const { timeline, overview } = build(items);
    assert.deepEqual(brief(timeline, 'g', 0), ['commit 10 @2 t=1000', 'rewind 5 @5 t=2000', 'reset 5 @7 t=3000']);
    assert.deepEqual(brief(timeline, 'g', 1), ['commit 9 @6 t=2001', 'reset 9 @7 t=3000', 'commit 1 @8 t=3000']);
    assert.deepEqual(overview.sessions.map((session) => [session.position, session.durable]), [[1, false], [4, true], [7, false]]);
    assert.deepEqual(overview.warnings, []);
    // The command a tooltip shows stops with the offset the mark says.
    const path = join(scratch, 'restarts.jsonl');
    writeFileSync(path, transcriptText(items));
    const run = runCli(['replay', path, '--until', '5']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^offset table after step 5:\n.*\ng +t +0 +5 /);
  });

  it('marks an offset expired once its last commit outlives the retention period', async () => {
    const items = await recordedItems([
      {
        retentionMs: 1000,
        inputs: [
          [1000, INIT],
          [1000, commit('c1', 2, 'g', 0, 10)],
          [1500, commit('c1', 3, 'g', 1, 20)],
          [1999, fetchOffset('c1', 4, 'g', 0)],
          [2000, fetchOffset('c1', 5, 'g', 0)],
          [2600, fetchOffset('c1', 6, 'g', 1)],
        ],
      },
    ]);
    const { timeline, overview } = build(items);
    assert.deepEqual(brief(timeline, 'g', 0), ['commit 10 @2 t=1000', 'expire 10 @5 t=2000']);
    assert.deepEqual(brief(timeline, 'g', 1), ['commit 20 @3 t=1500', 'expire 20 @6 t=2500']);
    assert.deepEqual(timeline.fetchesOf(key('g', 0)).map((fetch) => fetch.offset), [10, 0]);
    assert.deepEqual(overview.warnings, [], 'every fetch read what the timeline holds');
  });

  it('says when fetches read offsets it never saw committed, and when requests have no reply', () => {
    const items: TranscriptItem[] = [
      { dir: 'in', t: 0, line: fetchOffset('c1', 1, 'g', 0) },
      { dir: 'out', t: 0, line: JSON.stringify({ src: 'n1', dest: 'c1', body: { type: 'fetch_offset_ok', in_reply_to: 1, offset: 12, msg_id: 0 } }) },
      { dir: 'in', t: 0, line: commit('c1', 2, 'g', 0, 13) },
    ];
    const { timeline, overview } = build(items);
    assert.deepEqual(timeline.marksOf(key('g')), [], 'a commit without a reply moves nothing');
    assert.equal(overview.warnings.length, 2);
    assert.match(overview.warnings[0] as string, /^1 requests of run\.jsonl have no reply/);
    assert.match(overview.warnings[1] as string, /^1 fetches in run\.jsonl read an offset other than the one the report holds \(first: step 1 read 12, the report holds none\)/);
  });
});
