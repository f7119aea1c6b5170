import type { ReportSource, SessionStart } from './runOverview.js';

/**
 * The data a report page carries, as JSON inside it. Everything that is one entry per mark or
 * fetch is a column (a PackedColumn per field), and the columns marked "delta" hold each value
 * minus the one before it, so that times, steps and offsets that creep up take a few digits
 * each. Every number a tooltip shows is here exactly; only the drawing is thinned, in the page.
 *
 * Series (one per group, topic, partition) are sorted by group, topic, partition, and their
 * marks and fetches follow one another in that order, each series' own in time order.
 * Lag (once the data log exists) can join as series of log ends per (topic, partition) in
 * the same column form, beside these.
 */
export interface ReportData {
  readonly title: string;
  /** What a mark's `kind` indexes. */
  readonly markKinds: readonly string[];
  readonly sources: readonly ReportSource[];
  /** The x axis: the recorded time when the run has one, otherwise the input step (a fixture's lines all have time 0). */
  readonly axis: 'time' | 'step';
  /** The first and last x of anything in the run. */
  readonly range: { readonly start: number; readonly end: number };
  /** What client, metadata and text columns index (-1: none). */
  readonly strings: readonly string[];
  readonly groups: readonly string[];
  readonly topics: readonly string[];
  readonly series: {
    readonly count: number;
    /** Delta: indexes into groups. */
    readonly group: PackedColumn;
    readonly topic: PackedColumn;
    readonly partition: PackedColumn;
    /** How many marks, and how many fetches, each series has. */
    readonly marks: PackedColumn;
    readonly fetches: PackedColumn;
  };
  readonly marks: {
    readonly kind: PackedColumn;
    /** Delta, as are position, msgId and offset. */
    readonly t: PackedColumn;
    readonly source: PackedColumn;
    readonly position: PackedColumn;
    readonly client: PackedColumn;
    readonly msgId: PackedColumn;
    readonly offset: PackedColumn;
    readonly metadata: PackedColumn;
    readonly code: PackedColumn;
    readonly text: PackedColumn;
  };
  readonly fetches: {
    /** Delta, as are position, msgId and offset. */
    readonly t: PackedColumn;
    readonly source: PackedColumn;
    readonly position: PackedColumn;
    readonly client: PackedColumn;
    readonly msgId: PackedColumn;
    readonly offset: PackedColumn;
  };
  /** Per group (as groups orders them): counts for ranking. */
  readonly groupStats: {
    readonly commits: readonly number[];
    readonly rewinds: readonly number[];
    readonly errors: readonly number[];
    readonly removals: readonly number[];
  };
  /** Requests counted per type in buckets of x; a data directory's records count as their own types. */
  readonly requests: {
    readonly types: readonly string[];
    readonly bucketStart: number;
    readonly bucketWidth: number;
    /** Per type, per bucket. */
    readonly counts: readonly (readonly number[])[];
    readonly total: number;
  };
  readonly errors: readonly ReportErrorTally[];
  readonly sessions: readonly SessionStart[];
  readonly warnings: readonly string[];
}

/** A column of numbers: the values, and when runs of one value are common, how many times each repeats in a row. */
export interface PackedColumn {
  readonly values: readonly number[];
  readonly repeats?: readonly number[];
}

export interface ReportErrorTally {
  readonly code: number;
  readonly name: string;
  /** Whether the code means the request surely had no effect. */
  readonly definite: boolean | undefined;
  readonly count: number;
  readonly byRequest: readonly (readonly [string, number])[];
  readonly first: { readonly t: number; readonly source: number; readonly position: number; readonly client: string | undefined; readonly msgId: number | undefined; readonly text: string };
}
