import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packed } from '../../../src/replay/report/columnOrder.js';
import { decodeReport, unpacked } from '../../../src/replay/report/page/decodeReport.js';
import { replayCommand } from '../../../src/replay/report/page/tooltip.js';
import { readRuns } from '../../../src/replay/report/readRuns.js';
import { buildReportData } from '../../../src/replay/report/reportData.js';
import type { ReportData } from '../../../src/replay/report/reportFormat.js';
import { reportHtml } from '../../../src/replay/report/reportHtml.js';
import { RunOverview } from '../../../src/replay/report/runOverview.js';
import { Timeline } from '../../../src/replay/report/timeline.js';
import { TranscriptTimelineBuilder } from '../../../src/replay/report/transcriptTimeline.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';
import { commit, INIT, recordedItems, request, transcriptText } from './recordedRun.js';

const sessions = `${repoRoot}fixtures/sessions/`;

describe('the report data', () => {
  it('holds every mark exactly, series sorted by group, topic and partition, as the page decodes them', async () => {
    const history = await readRuns([`${sessions}colliding-looking-names.in.jsonl`, `${sessions}interleaved-clients.in.jsonl`]);
    const data = buildReportData(history, 'test');
    const page = decodeReport(data);
    const { timeline } = history;
    const names = Array.from({ length: data.series.count }, (_, series) => [data.groups[page.series.group[series] as number] as string, data.topics[page.series.topic[series] as number] as string, page.series.partition[series] as number] as const);
    const sorted = [...names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]));
    assert.deepEqual(names, sorted);
    assert.equal(names.length, timeline.seriesCount);
    names.forEach(([group, topic, partition], series) => {
      const expected = timeline.marksOf({ group, topic, partition });
      const from = page.series.markStart[series] as number;
      const to = page.series.markStart[series + 1] as number;
      assert.equal(to - from, expected.length);
      expected.forEach((mark, i) => {
        const at = from + i;
        assert.equal(data.markKinds[page.marks.kind[at] as number], mark.kind);
        assert.equal(page.marks.offset[at], mark.offset ?? -1);
        assert.equal(page.marks.position[at], mark.position);
        assert.equal(page.marks.msgId[at], mark.msgId ?? -1);
        assert.equal(data.strings[page.marks.client[at] as number], mark.client);
      });
      const fetches = timeline.fetchesOf({ group, topic, partition });
      assert.deepEqual([...page.fetches.offset.subarray(page.series.fetchStart[series], page.series.fetchStart[series + 1])], fetches.map((fetch) => fetch.offset));
    });
    assert.equal(data.axis, 'step', 'a fixture has no times');
    assert.equal(data.requests.total, 25 + 61);
    assert.equal(data.requests.counts.flat().reduce((total, count) => total + count, 0), 25 + 61);
  });

  it('merges the transcripts of several nodes by time, each point naming its own transcript to replay', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-nodes-'));
    try {
      const n1 = join(scratch, 'n1.jsonl');
      const n2 = join(scratch, 'n2 copy.jsonl');
      writeFileSync(n1, transcriptText(await recordedItems([{ inputs: [[100, INIT], [100, commit('c1', 2, 'g', 0, 10)], [300, commit('c1', 3, 'g', 0, 30)]] }])));
      writeFileSync(n2, transcriptText(await recordedItems([{ inputs: [[150, INIT], [200, commit('c2', 2, 'g', 0, 20)], [400, commit('c2', 3, 'g', 0, 5)]] }])));
      const data = buildReportData(await readRuns([n1, n2]), 'two nodes');
      const page = decodeReport(data);
      assert.deepEqual([...page.marks.t], [100, 200, 300, 400]);
      assert.deepEqual([...page.marks.offset], [10, 20, 30, 5]);
      assert.deepEqual([...page.marks.kind].map((kind) => data.markKinds[kind]), ['commit', 'commit', 'commit', 'rewind']);
      assert.deepEqual([0, 1, 2, 3].map((i) => replayCommand(data, page.marks.source[i] as number, page.marks.position[i] as number)), [
        `offsetlog replay ${n1} --until 2`,
        `offsetlog replay '${n2}' --until 2`,
        `offsetlog replay ${n1} --until 3`,
        `offsetlog replay '${n2}' --until 3`,
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('counts commits, rewinds, refusals and removals per group, a rewind being a commit too', async () => {
    const items = await recordedItems([
      {
        inputs: [
          [0, INIT],
          [1, commit('c1', 2, 'g', 0, 9)],
          [2, commit('c1', 3, 'g', 0, 4)],
          [3, commit('c1', 4, 'g', 0, -1)],
          [4, request('c1', { type: 'delete_groups', msg_id: 5, groups: ['g'] })],
          [5, commit('c1', 6, 'h', 0, 1)],
        ],
      },
    ]);
    const timeline = new Timeline();
    const overview = new RunOverview();
    const builder = new TranscriptTimelineBuilder(timeline, overview, overview.addSource({ kind: 'transcript', path: 'run' }));
    items.forEach((item) => builder.take(item));
    builder.finish();
    const data = buildReportData({ timeline, overview }, 'test');
    assert.deepEqual(data.groups, ['g', 'h']);
    assert.deepEqual(data.groupStats, { commits: [2, 1], rewinds: [1, 0], errors: [1, 0], removals: [1, 0] });
    assert.equal(data.axis, 'time');
    assert.deepEqual(data.range, { start: 0, end: 5 });
    assert.deepEqual(data.errors.map((tally) => [tally.code, tally.name, tally.definite, tally.count, tally.first.position]), [[12, 'malformed-request', true, 1, 4]]);
  });

  it('packs columns with deltas and runs, and the page unpacks them to the same numbers', () => {
    const cases = [[], [7], [-1, -1, -1, 0, -1, -1], [1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_004, 3, Number.MAX_SAFE_INTEGER, -1], Array.from({ length: 1000 }, (_, i) => Math.floor(i / 10))];
    for (const values of cases) {
      for (const delta of [false, true]) {
        const column = packed(values, delta);
        assert.deepEqual([...unpacked(column, delta)], values);
        assert.deepEqual(JSON.parse(JSON.stringify(column)), column);
      }
    }
    assert.deepEqual(packed([-1, -1, -1, -1, 2, 2], false), { values: [-1, 2], repeats: [4, 2] }, 'runs are packed');
    assert.deepEqual(packed([5, 6, 7, 8], true), { values: [5, 1], repeats: [1, 3] }, 'a steady rise is one run of deltas');
    assert.deepEqual(packed([1, 5, 2, 8], false), { values: [1, 5, 2, 8] }, 'runs are not packed where they do not pay');
  });

  it('survives names that look like markup inside the page', () => {
    const timeline = new Timeline();
    const overview = new RunOverview();
    const source = overview.addSource({ kind: 'transcript', path: '</script><b>run' });
    timeline.commit({ group: '</script><script>alert(1)</script>', topic: '<!--', partition: 0 }, 0, 1, '</SCRIPT>', { source, position: 1 });
    const data = buildReportData({ timeline, overview }, 'a <title>');
    const html = reportHtml(data);
    const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
    assert.ok(match);
    assert.deepEqual(JSON.parse(match[1] as string) as ReportData, JSON.parse(JSON.stringify(data)) as ReportData);
    assert.equal(html.match(/<script/g)?.length, 2, 'no name opened a script of its own');
    assert.ok(html.includes('<title>a &#60;title&#62;</title>'));
  });
});
