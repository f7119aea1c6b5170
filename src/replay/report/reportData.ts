import { describeErrorCode } from '../../protocol/errorCodes.js';
import { byCodeUnits, orderBySeries, packed, picked, seriesOrder } from './columnOrder.js';
import type { ReportData, ReportErrorTally } from './reportFormat.js';
import type { RunHistory } from './readRuns.js';
import { MARK_KINDS } from './timelineColumns.js';

/** Buckets the requests-per-second chart is cut into, at most. */
const REQUEST_BUCKETS = 200;
const REWIND = MARK_KINDS.indexOf('rewind');
const COMMIT = MARK_KINDS.indexOf('commit');
const ERROR = MARK_KINDS.indexOf('error');

/** The page's data from a run's history: sorted, as columns, every number kept. */
export function buildReportData({ timeline, overview }: RunHistory, title: string): ReportData {
  const { marks, fetches } = timeline;
  const times = [marks.t, fetches.t, overview.requestT];
  const minT = Math.min(...times.map(minimum));
  const maxT = Math.max(...times.map(maximum));
  const axis = maxT > minT ? 'time' : 'step';
  const positions = [marks.position, fetches.position, overview.requestPosition];
  const minPosition = Math.min(...positions.map(minimum));
  // A run with nothing in it still gets an axis.
  const range = axis === 'time' ? { start: minT, end: maxT } : Number.isFinite(minPosition) ? { start: minPosition, end: Math.max(...positions.map(maximum)) } : { start: 0, end: 0 };

  const order = seriesOrder(timeline.seriesGroup, timeline.seriesTopic, timeline.seriesPartition);
  const rank = new Int32Array(order.length);
  order.forEach((series, index) => (rank[series] = index));
  const groups = [...new Set(order.map((series) => timeline.seriesGroup[series] as string))];
  const groupIndex = new Map(groups.map((group, index) => [group, index]));
  const topics = [...new Set(order.map((series) => timeline.seriesTopic[series] as string))];
  const topicIndex = new Map(topics.map((topic, index) => [topic, index]));
  const groupOf = Int32Array.from(timeline.seriesGroup, (group) => groupIndex.get(group) as number);

  const markOrder = orderBySeries(marks.series, rank, order.length, marks.t);
  const fetchOrder = orderBySeries(fetches.series, rank, order.length, fetches.t);
  const markCounts = new Array<number>(order.length).fill(0);
  for (const series of marks.series) increment(markCounts, rank[series] as number);
  const fetchCounts = new Array<number>(order.length).fill(0);
  for (const series of fetches.series) increment(fetchCounts, rank[series] as number);

  const stats = { commits: zeros(groups.length), rewinds: zeros(groups.length), errors: zeros(groups.length), removals: zeros(groups.length) };
  marks.kind.forEach((kind, i) => {
    const group = groupOf[marks.series[i] as number] as number;
    const counter = kind === COMMIT ? stats.commits : kind === REWIND ? stats.rewinds : kind === ERROR ? stats.errors : stats.removals;
    increment(counter, group);
    if (kind === REWIND) increment(stats.commits, group); // a rewind is a commit too
  });

  return {
    title,
    markKinds: MARK_KINDS,
    sources: overview.sources,
    axis,
    range,
    strings: timeline.strings.values,
    groups,
    topics,
    series: {
      count: order.length,
      group: packed(order.map((series) => groupOf[series] as number), true),
      topic: packed(order.map((series) => topicIndex.get(timeline.seriesTopic[series] as string) as number), false),
      partition: packed(order.map((series) => timeline.seriesPartition[series] as number), false),
      marks: packed(markCounts, false),
      fetches: packed(fetchCounts, false),
    },
    marks: {
      kind: packed(picked(marks.kind, markOrder), false),
      t: packed(picked(marks.t, markOrder), true),
      source: packed(picked(marks.source, markOrder), false),
      position: packed(picked(marks.position, markOrder), true),
      client: packed(picked(marks.client, markOrder), false),
      msgId: packed(picked(marks.msgId, markOrder), true),
      offset: packed(picked(marks.offset, markOrder), true),
      metadata: packed(picked(marks.metadata, markOrder), false),
      code: packed(picked(marks.code, markOrder), false),
      text: packed(picked(marks.text, markOrder), false),
    },
    fetches: {
      t: packed(picked(fetches.t, fetchOrder), true),
      source: packed(picked(fetches.source, fetchOrder), false),
      position: packed(picked(fetches.position, fetchOrder), true),
      client: packed(picked(fetches.client, fetchOrder), false),
      msgId: packed(picked(fetches.msgId, fetchOrder), true),
      offset: packed(picked(fetches.offset, fetchOrder), true),
    },
    groupStats: stats,
    requests: requestBuckets(overview.requestTypes, overview.requestType, axis === 'time' ? overview.requestT : overview.requestPosition, range),
    errors: [...overview.errors.values()].sort((a, b) => b.count - a.count || a.code - b.code).map((tally): ReportErrorTally => {
      const info = describeErrorCode(tally.code);
      const { origin, t, text } = tally.first;
      return {
        code: tally.code,
        name: info?.name ?? 'unknown code',
        definite: info?.definite,
        count: tally.count,
        byRequest: [...tally.byRequest].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0])),
        first: { t, source: origin.source, position: origin.position, client: origin.client, msgId: origin.msgId, text },
      };
    }),
    sessions: overview.sessions,
    warnings: overview.warnings,
  };
}

/** Requests per type in at most REQUEST_BUCKETS buckets of a round width. */
function requestBuckets(types: readonly string[], typeColumn: readonly number[], x: readonly number[], range: { start: number; end: number }): ReportData['requests'] {
  const width = roundWidth((range.end - range.start + 1) / REQUEST_BUCKETS);
  const start = Math.floor(range.start / width) * width;
  const buckets = Math.max(1, Math.floor((range.end - start) / width) + 1);
  const counts = types.map(() => zeros(buckets));
  typeColumn.forEach((type, i) => {
    increment(counts[type] as number[], Math.floor(((x[i] as number) - start) / width));
  });
  const order = types.map((_, index) => index).sort((a, b) => byCodeUnits(types[a] as string, types[b] as string));
  return { types: order.map((index) => types[index] as string), bucketStart: start, bucketWidth: width, counts: order.map((index) => counts[index] as number[]), total: typeColumn.length };
}

/** The smallest of 1, 2, 5 × 10^n at least `wanted` (and at least 1). */
function roundWidth(wanted: number): number {
  for (let power = 1; ; power *= 10) {
    for (const step of [1, 2, 5]) if (step * power >= wanted) return step * power;
  }
}

function increment(counts: number[], index: number): void {
  counts[index] = (counts[index] as number) + 1;
}

function zeros(length: number): number[] {
  return new Array<number>(length).fill(0);
}

function minimum(values: readonly number[]): number {
  let found = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < found) found = value;
  return found;
}

function maximum(values: readonly number[]): number {
  let found = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > found) found = value;
  return found;
}
