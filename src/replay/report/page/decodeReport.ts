/// <reference lib="dom" />
import type { PackedColumn, ReportData } from '../reportFormat.js';

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
  const markT = unpacked(data.marks.t, true);
  const markPosition = unpacked(data.marks.position, true);
  const fetchT = unpacked(data.fetches.t, true);
  const fetchPosition = unpacked(data.fetches.position, true);
  const seriesGroup = new Int32Array(unpacked(data.series.group, true));
  const groupSeriesStart = new Int32Array(data.groups.length + 1);
  for (let series = 0, group = 0; group <= data.groups.length; group++) {
    while (series < seriesGroup.length && (seriesGroup[series] as number) < group) series++;
    groupSeriesStart[group] = series;
  }
  return {
    data,
    kindEffect,
    marks: {
      kind: new Int8Array(unpacked(data.marks.kind, false)),
      t: markT,
      x: time ? markT : markPosition,
      position: markPosition,
      msgId: unpacked(data.marks.msgId, true),
      offset: unpacked(data.marks.offset, true),
      source: new Int32Array(unpacked(data.marks.source, false)),
      client: new Int32Array(unpacked(data.marks.client, false)),
      metadata: new Int32Array(unpacked(data.marks.metadata, false)),
      code: new Int32Array(unpacked(data.marks.code, false)),
      text: new Int32Array(unpacked(data.marks.text, false)),
    },
    fetches: {
      t: fetchT,
      x: time ? fetchT : fetchPosition,
      position: fetchPosition,
      msgId: unpacked(data.fetches.msgId, true),
      offset: unpacked(data.fetches.offset, true),
      source: new Int32Array(unpacked(data.fetches.source, false)),
      client: new Int32Array(unpacked(data.fetches.client, false)),
    },
    series: {
      group: seriesGroup,
      topic: new Int32Array(unpacked(data.series.topic, false)),
      partition: new Float64Array(unpacked(data.series.partition, false)),
      markStart: startsOf(unpacked(data.series.marks, false)),
      fetchStart: startsOf(unpacked(data.series.fetches, false)),
    },
    groupSeriesStart,
  };
}

/** A column's values: runs spread out again, then, for a delta column, running sums. */
export function unpacked(column: PackedColumn, delta: boolean): Float64Array {
  const { values, repeats } = column;
  let length = values.length;
  if (repeats !== undefined) {
    length = 0;
    for (const count of repeats) length += count;
  }
  const result = new Float64Array(length);
  let at = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    const count = repeats === undefined ? 1 : (repeats[i] as number);
    for (let k = 0; k < count; k++) {
      sum += value;
      result[at++] = delta ? sum : value;
    }
  }
  return result;
}

/** Where each run of entries starts, from how many each has; one more than there are runs. */
export function startsOf(counts: ArrayLike<number>): Int32Array {
  const starts = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  return starts;
}
