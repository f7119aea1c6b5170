/// <reference lib="dom" />
import type { ReportData } from '../reportFormat.js';

/** The report's columns as typed arrays, with running sums undone and where each series' entries start. */
export interface PageReport {
  readonly data: ReportData;
  /** Per mark kind: 1 sets the line to the mark's offset, -1 ends it (the offset is gone), 0 leaves it (an error). */
  readonly kindEffect: Int8Array;
  readonly marks: MarkArrays;
  readonly fetches: FetchArrays;
  readonly series: SeriesArrays;
  /** Where each group's series start, one more than there are groups. */
  readonly groupSeriesStart: Int32Array;
}

export interface MarkArrays {
  readonly kind: Int8Array;
  readonly t: Float64Array;
  /** Where the mark sits on the x axis: its time, or its step. */
  readonly x: Float64Array;
  readonly position: Float64Array;
  readonly msgId: Float64Array;
  readonly offset: Float64Array;
  readonly source: Int32Array;
  readonly client: Int32Array;
  readonly metadata: Int32Array;
  readonly code: Int32Array;
  readonly text: Int32Array;
}

export interface FetchArrays {
  readonly t: Float64Array;
  readonly x: Float64Array;
  readonly position: Float64Array;
  readonly msgId: Float64Array;
  readonly offset: Float64Array;
  readonly source: Int32Array;
  readonly client: Int32Array;
}

export interface SeriesArrays {
  readonly group: Int32Array;
  readonly topic: Int32Array;
  readonly partition: Float64Array;
  /** Where each series' marks (and fetches) start, one more than there are series. */
  readonly markStart: Int32Array;
  readonly fetchStart: Int32Array;
}

export function decodeReport(data: ReportData): PageReport {
  const kindEffect = new Int8Array(data.markKinds.map((kind) => (kind === 'commit' || kind === 'rewind' ? 1 : kind === 'error' ? 0 : -1)));
  const time = data.axis === 'time';
  const markT = summed(data.marks.t);
  const markPosition = summed(data.marks.position);
  const fetchT = summed(data.fetches.t);
  const fetchPosition = summed(data.fetches.position);
  const seriesGroup = new Int32Array(summed(data.series.group));
  const groupSeriesStart = new Int32Array(data.groups.length + 1);
  for (let series = 0, group = 0; group <= data.groups.length; group++) {
    while (series < seriesGroup.length && (seriesGroup[series] as number) < group) series++;
    groupSeriesStart[group] = series;
  }
  return {
    data,
    kindEffect,
    marks: {
      kind: new Int8Array(data.marks.kind),
      t: markT,
      x: time ? markT : markPosition,
      position: markPosition,
      msgId: summed(data.marks.msgId),
      offset: summed(data.marks.offset),
      source: new Int32Array(data.marks.source),
      client: new Int32Array(data.marks.client),
      metadata: new Int32Array(data.marks.metadata),
      code: new Int32Array(data.marks.code),
      text: new Int32Array(data.marks.text),
    },
    fetches: {
      t: fetchT,
      x: time ? fetchT : fetchPosition,
      position: fetchPosition,
      msgId: summed(data.fetches.msgId),
      offset: summed(data.fetches.offset),
      source: new Int32Array(data.fetches.source),
      client: new Int32Array(data.fetches.client),
    },
    series: {
      group: seriesGroup,
      topic: new Int32Array(data.series.topic),
      partition: new Float64Array(data.series.partition),
      markStart: startsOf(data.series.marks),
      fetchStart: startsOf(data.series.fetches),
    },
    groupSeriesStart,
  };
}

/** Running sums: the values a delta column was made from. */
export function summed(deltas: readonly number[]): Float64Array {
  const values = new Float64Array(deltas.length);
  let value = 0;
  for (let i = 0; i < deltas.length; i++) {
    value += deltas[i] as number;
    values[i] = value;
  }
  return values;
}

/** Where each run of entries starts, from how many each has; one more than there are runs. */
export function startsOf(counts: readonly number[]): Int32Array {
  const starts = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  return starts;
}
