import type { PackedColumn } from './reportFormat.js';

/** Strings compared by UTF-16 code units: the same order everywhere, whatever the locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Series ids sorted by group, topic, partition. The distinct names are sorted once and the
 * series by their ranks: a run has far fewer names than series.
 */
export function seriesOrder(groups: readonly string[], topics: readonly string[], partitions: readonly number[]): number[] {
  const groupRank = ranks(groups);
  const topicRank = ranks(topics);
  const ids = Array.from({ length: groups.length }, (_, series) => series);
  return ids.sort((a, b) => (groupRank[a] as number) - (groupRank[b] as number) || (topicRank[a] as number) - (topicRank[b] as number) || (partitions[a] as number) - (partitions[b] as number));
}

/** Each entry's rank among the distinct values, in code-unit order. */
function ranks(values: readonly string[]): Int32Array {
  const distinct = [...new Set(values)].sort(byCodeUnits);
  const rankOf = new Map(distinct.map((value, rank) => [value, rank]));
  return Int32Array.from(values, (value) => rankOf.get(value) as number);
}

/**
 * The order of a column's entries grouped by their series' rank (a counting sort: linear in
 * the entries), each series' own in time order (they come in time order from one input;
 * several inputs are merged by time, ties kept in input order).
 */
export function orderBySeries(seriesColumn: readonly number[], rank: Int32Array, seriesCount: number, t: readonly number[]): Int32Array {
  const starts = new Int32Array(seriesCount + 1);
  for (const series of seriesColumn) starts[(rank[series] as number) + 1] = (starts[(rank[series] as number) + 1] as number) + 1;
  for (let i = 0; i < seriesCount; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
  const next = starts.slice(0, seriesCount);
  const order = new Int32Array(seriesColumn.length);
  seriesColumn.forEach((series, entry) => {
    const r = rank[series] as number;
    const at = next[r] as number;
    order[at] = entry;
    next[r] = at + 1;
  });
  for (let r = 0; r < seriesCount; r++) {
    const from = starts[r] as number;
    const to = starts[r + 1] as number;
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = (t[order[i - 1] as number] as number) <= (t[order[i] as number] as number);
    if (!sorted) order.subarray(from, to).sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
  }
  return order;
}

export function picked(column: readonly number[], order: Int32Array): number[] {
  const values = new Array<number>(order.length);
  for (let i = 0; i < order.length; i++) values[i] = column[order[i] as number] as number;
  return values;
}

/**
 * A column as the page gets it: deltas first when asked (times, steps and offsets creep up,
 * so their differences are short), then runs of one value as the value and its count, when
 * runs are common enough to pay (kinds, sources and absent metadata mostly repeat).
 */
export function packed(values: readonly number[], delta: boolean): PackedColumn {
  const column = delta ? deltas(values) : values;
  let runs = 0;
  for (let i = 0; i < column.length; i++) if (i === 0 || column[i] !== column[i - 1]) runs++;
  if (runs * 2 > column.length) return { values: [...column] };
  const runValues: number[] = [];
  const repeats: number[] = [];
  for (let i = 0; i < column.length; i++) {
    if (i > 0 && column[i] === column[i - 1]) repeats[repeats.length - 1] = (repeats[repeats.length - 1] as number) + 1;
    else {
      runValues.push(column[i] as number);
      repeats.push(1);
    }
  }
  return { values: runValues, repeats };
}

/** Each value minus the one before it (the first as it is): what the page adds back up. */
export function deltas(values: readonly number[]): number[] {
  const result = new Array<number>(values.length);
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    result[i] = value - previous;
    previous = value;
  }
  return result;
}
