import type { OffsetKey } from '../../log/format/offsetRecord.js';
import { StringTable } from './stringTable.js';
import { FetchColumns, MARK_KINDS, MarkColumns, NONE, type Fetch, type Mark, type MarkKind, type Origin } from './timelineColumns.js';

const KIND_INDEX: ReadonlyMap<MarkKind, number> = new Map(MARK_KINDS.map((kind, index) => [kind, index]));

/**
 * Every key's history as marks and fetches, one series per (group, topic, partition), with
 * each key's offset as it stands so far: whoever feeds it (a transcript or a log) says what
 * happened, and the timeline tells a rewind from a commit and removes only what is there.
 * Lag (issue 19's data log) can join as series of log ends per (topic, partition) beside these.
 */
export class Timeline {
  readonly strings = new StringTable();
  readonly marks = new MarkColumns();
  readonly fetches = new FetchColumns();
  readonly seriesGroup: string[] = [];
  readonly seriesTopic: string[] = [];
  readonly seriesPartition: number[] = [];
  /** The committed offset of each series as it stands, NONE when it has none. */
  private readonly current: number[] = [];
  private readonly committedAt: number[] = [];
  private readonly seriesIds = new Map<string, Map<string, Map<number, number>>>();

  get seriesCount(): number {
    return this.seriesGroup.length;
  }

  seriesOf(key: OffsetKey): number {
    let topics = this.seriesIds.get(key.group);
    if (topics === undefined) this.seriesIds.set(key.group, (topics = new Map()));
    let partitions = topics.get(key.topic);
    if (partitions === undefined) topics.set(key.topic, (partitions = new Map()));
    let id = partitions.get(key.partition);
    if (id === undefined) {
      id = this.seriesGroup.length;
      partitions.set(key.partition, id);
      this.seriesGroup.push(key.group);
      this.seriesTopic.push(key.topic);
      this.seriesPartition.push(key.partition);
      this.current.push(NONE);
      this.committedAt.push(NONE);
    }
    return id;
  }

  /**
   * A new input starts (another node's transcript, a data directory): it holds no offsets yet.
   * Each node has its own table, so a rewind is a commit that moved back what that node held;
   * the marks of all inputs still share their keys' series, merged by time.
   */
  startInput(): void {
    this.current.fill(NONE);
    this.committedAt.fill(NONE);
  }

  findSeries(key: OffsetKey): number | undefined {
    return this.seriesIds.get(key.group)?.get(key.topic)?.get(key.partition);
  }

  /** An acknowledged commit, a rewind when it moves a committed offset backwards; returns the key's series. */
  commit(key: OffsetKey, t: number, offset: number, metadata: string | undefined, origin: Origin): number {
    const series = this.seriesOf(key);
    const before = this.current[series] as number;
    this.current[series] = offset;
    this.committedAt[series] = t;
    this.push(series, before !== NONE && offset < before ? 'rewind' : 'commit', t, origin, offset, metadata, undefined, undefined);
    return series;
  }

  /** A commit answered with an error: shown, but the offset stays where it was. */
  error(key: OffsetKey, t: number, attempted: number | undefined, code: number, text: string, origin: Origin): void {
    this.push(this.seriesOf(key), 'error', t, origin, attempted, undefined, code, text);
  }

  /** Removes a series' offset; false (and no mark) when it has none to remove. */
  remove(series: number, kind: 'delete' | 'expire' | 'reset' | 'tombstone', t: number, origin: Origin): boolean {
    const before = this.current[series];
    if (before === undefined || before === NONE) return false;
    this.current[series] = NONE;
    this.push(series, kind, t, origin, before, undefined, undefined, undefined);
    return true;
  }

  /** A fetch of a series' key, and the offset it read. */
  fetch(series: number, t: number, offset: number, origin: Origin): void {
    const { fetches } = this;
    fetches.series.push(series);
    fetches.t.push(t);
    fetches.source.push(origin.source);
    fetches.position.push(origin.position);
    fetches.client.push(this.stringOrNone(origin.client));
    fetches.msgId.push(origin.msgId ?? NONE);
    fetches.offset.push(offset);
  }

  /** The committed offset a series holds now, undefined when none. */
  offsetOf(series: number): number | undefined {
    const offset = this.current[series];
    return offset === undefined || offset === NONE ? undefined : offset;
  }

  /** When the series' standing offset was committed, undefined when it has none. */
  committedAtOf(series: number): number | undefined {
    return this.offsetOf(series) === undefined ? undefined : this.committedAt[series];
  }

  /** The series of a group that hold an offset now. */
  liveSeriesOf(group: string): number[] {
    const live: number[] = [];
    for (const partitions of this.seriesIds.get(group)?.values() ?? []) for (const series of partitions.values()) if (this.current[series] !== NONE) live.push(series);
    return live;
  }

  /** Every series that holds an offset now. */
  liveSeries(): number[] {
    const live: number[] = [];
    for (let series = 0; series < this.current.length; series++) if (this.current[series] !== NONE) live.push(series);
    return live;
  }

  /** A key's marks as objects, in order (for tests and small tools; the report reads the columns). */
  marksOf(key: OffsetKey): Mark[] {
    const series = this.findSeries(key);
    const { marks, strings } = this;
    const found: Mark[] = [];
    for (let i = 0; i < marks.series.length; i++) {
      if (marks.series[i] !== series) continue;
      found.push({
        kind: MARK_KINDS[marks.kind[i] as number] as MarkKind,
        t: marks.t[i] as number,
        source: marks.source[i] as number,
        position: marks.position[i] as number,
        client: strings.at(marks.client[i] as number),
        msgId: noneAsUndefined(marks.msgId[i] as number),
        offset: noneAsUndefined(marks.offset[i] as number),
        metadata: strings.at(marks.metadata[i] as number),
        code: noneAsUndefined(marks.code[i] as number),
        text: strings.at(marks.text[i] as number),
      });
    }
    return found;
  }

  fetchesOf(key: OffsetKey): Fetch[] {
    const series = this.findSeries(key);
    const { fetches, strings } = this;
    const found: Fetch[] = [];
    for (let i = 0; i < fetches.series.length; i++) {
      if (fetches.series[i] !== series) continue;
      found.push({
        t: fetches.t[i] as number,
        source: fetches.source[i] as number,
        position: fetches.position[i] as number,
        client: strings.at(fetches.client[i] as number),
        msgId: noneAsUndefined(fetches.msgId[i] as number),
        offset: fetches.offset[i] as number,
      });
    }
    return found;
  }

  private push(series: number, kind: MarkKind, t: number, origin: Origin, offset: number | undefined, metadata: string | undefined, code: number | undefined, text: string | undefined): void {
    const { marks } = this;
    marks.series.push(series);
    marks.kind.push(KIND_INDEX.get(kind) as number);
    marks.t.push(t);
    marks.source.push(origin.source);
    marks.position.push(origin.position);
    marks.client.push(this.stringOrNone(origin.client));
    marks.msgId.push(origin.msgId ?? NONE);
    marks.offset.push(offset ?? NONE);
    marks.metadata.push(this.stringOrNone(metadata));
    marks.code.push(code ?? NONE);
    marks.text.push(this.stringOrNone(text));
  }

  private stringOrNone(text: string | undefined): number {
    return text === undefined ? NONE : this.strings.intern(text);
  }
}

function noneAsUndefined(value: number): number | undefined {
  return value === NONE ? undefined : value;
}
