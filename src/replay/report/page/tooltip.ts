/// <reference lib="dom" />
import type { ReportData } from '../reportFormat.js';
import { formatMoment } from './axisFormat.js';
import type { PageReport } from './decodeReport.js';
import { standingBefore } from './downsample.js';
import { el } from './dom.js';

/** What a tooltip says about one mark or fetch, every number exact. */
export interface Details {
  readonly kind: string;
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
  /** The command that replays the run up to this point, when the input was a transcript. */
  readonly command: string | undefined;
}

export function markTitle(kind: string): string {
  const titles: Readonly<Record<string, string>> = {
    commit: 'commit',
    rewind: 'rewind: a commit that moved the offset back',
    error: 'commit refused: the offset did not move',
    delete: 'deleted',
    expire: 'expired: its last commit outlived the retention period',
    reset: 'gone: the node restarted without a data directory',
    tombstone: 'tombstone: deleted or expired (the log does not say which)',
  };
  return titles[kind] ?? kind;
}

export function markDetails(report: PageReport, series: number, index: number): Details {
  const { data, marks, kindEffect } = report;
  const kind = data.markKinds[marks.kind[index] as number] ?? 'unknown';
  const offset = marks.offset[index] as number;
  const from = standingBefore(marks.kind, marks.offset, kindEffect, report.series.markStart[series] as number, index);
  const rows: [string, string][] = [...keyRows(report, series), ['time', formatMoment(data, marks.t[index] as number)]];
  const shown = (value: number): string => (Number.isNaN(value) ? 'none' : String(value));
  if (kind === 'commit' || kind === 'rewind') rows.push(['offset', `${offset} (was ${shown(from)})`]);
  else if (kind === 'error') rows.push(['offset', `asked for ${offset < 0 ? 'an unreadable offset' : offset}, stayed at ${shown(from)}`]);
  else rows.push(['offset', `${offset} removed`]);
  const metadata = marks.metadata[index] as number;
  if (metadata >= 0) rows.push(['metadata', quoted(data.strings[metadata] ?? '')]);
  const code = marks.code[index] as number;
  if (code >= 0) {
    const name = data.errors.find((tally) => tally.code === code)?.name ?? 'unknown code';
    rows.push(['error', `code ${code} (${name}): ${data.strings[marks.text[index] as number] ?? ''}`]);
  }
  rows.push(...originRows(data, marks.source[index] as number, marks.position[index] as number, marks.client[index] as number, marks.msgId[index] as number, kind === 'expire' ? 'first seen gone at' : 'request'));
  return { kind, title: markTitle(kind), rows, command: replayCommand(data, marks.source[index] as number, marks.position[index] as number) };
}

export function fetchDetails(report: PageReport, series: number, index: number): Details {
  const { data, fetches } = report;
  const rows: [string, string][] = [
    ...keyRows(report, series),
    ['time', formatMoment(data, fetches.t[index] as number)],
    ['read', String(fetches.offset[index])],
    ...originRows(data, fetches.source[index] as number, fetches.position[index] as number, fetches.client[index] as number, fetches.msgId[index] as number, 'request'),
  ];
  return { kind: 'fetch', title: 'fetch: where the consumer resumes', rows, command: replayCommand(data, fetches.source[index] as number, fetches.position[index] as number) };
}

export function keyRows(report: PageReport, series: number): [string, string][] {
  const { data } = report;
  return [
    ['group', quoted(data.groups[report.series.group[series] as number] ?? '')],
    ['topic', `${quoted(data.topics[report.series.topic[series] as number] ?? '')}, partition ${report.series.partition[series]}`],
  ];
}

export function originRows(data: ReportData, source: number, position: number, client: number, msgId: number, label: string): [string, string][] {
  const input = data.sources[source];
  const rows: [string, string][] = [];
  if (client >= 0) rows.push(['client', `${quoted(data.strings[client] ?? '')}, msg_id ${msgId < 0 ? '-' : msgId}`]);
  if (input === undefined) return rows;
  if (input.kind === 'transcript') rows.push([label, `step ${position} of ${input.path}`]);
  else rows.push(['record', `offset ${position} of __consumer_offsets-${input.partition} in ${input.path}`]);
  return rows;
}

/** `offsetlog replay RUN --until N`: the run replayed up to and including the step that made this mark. */
export function replayCommand(data: ReportData, source: number, position: number): string | undefined {
  const input = data.sources[source];
  if (input === undefined || input.kind !== 'transcript' || position < 1) return undefined;
  return `offsetlog replay ${shellQuote(input.path)} --until ${position}`;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A name or metadata as shown: in quotes, cut short past a few hundred characters. */
export function quoted(text: string): string {
  const limit = 400;
  return text.length <= limit ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}

/** The one tooltip of the page. A click pins it where it is, so its command can be copied. */
export class Tooltip {
  readonly element: HTMLDivElement = el('div', 'tooltip');
  private pinned = false;

  constructor() {
    this.element.hidden = true;
    this.element.setAttribute('role', 'tooltip');
    document.body.append(this.element);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.unpin();
    });
    // A click anywhere but on the tooltip or a chart (which pins and unpins itself) lets it go.
    document.addEventListener('mousedown', (event) => {
      const target = event.target as Element | null;
      if (this.pinned && target !== null && !this.element.contains(target) && target.closest('svg.chart') === null) this.unpin();
    });
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  show(details: Details, clientX: number, clientY: number): void {
    if (this.pinned) return;
    const box = this.element;
    box.replaceChildren(el('div', `tooltip-title kind-${details.kind}`, details.title));
    const table = el('table');
    for (const [label, value] of details.rows) {
      const row = el('tr');
      row.append(el('th', '', label), el('td', '', value));
      table.append(row);
    }
    box.append(table);
    if (details.command !== undefined) {
      const command = el('code', 'command', details.command);
      box.append(el('div', 'command-label', 'replay to here (click the chart to pin this):'), command);
    }
    box.hidden = false;
    const { innerWidth, innerHeight } = window;
    const width = box.offsetWidth;
    const height = box.offsetHeight;
    box.style.left = `${Math.max(4, clientX + 16 + width > innerWidth ? clientX - 16 - width : clientX + 16)}px`;
    box.style.top = `${Math.max(4, clientY + 16 + height > innerHeight ? clientY - 16 - height : clientY + 16)}px`;
  }

  hide(): void {
    if (!this.pinned) this.element.hidden = true;
  }

  pin(): void {
    if (this.element.hidden) return;
    this.pinned = true;
    this.element.classList.add('pinned');
  }

  unpin(): void {
    this.pinned = false;
    this.element.classList.remove('pinned');
    this.element.hidden = true;
  }
}
