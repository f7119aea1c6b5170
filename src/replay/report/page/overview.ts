/// <reference lib="dom" />
import { formatShort, formatX, inputUnit, niceTicks, xTicks } from './axisFormat.js';
import { seriesColour } from './chartParts.js';
import type { PageReport } from './decodeReport.js';
import { scaleAt } from './downsample.js';
import { el, formatCount, plural, svgEl } from './dom.js';
import { originRows, quoted, replayCommand } from './tooltip.js';

/** The run at a glance: totals, requests over time by type, errors by code, groups by rewinds, and warnings. */
export function renderOverview(report: PageReport, pickGroup: (group: number) => void): HTMLElement {
  const { data } = report;
  const section = el('section', 'overview');
  const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
  const totals: [string, number][] = [
    [`${inputUnit(data)}s`, data.requests.total],
    ['groups', data.groups.length],
    ['partitions', data.series.count],
    ['commits', sum(data.groupStats.commits)],
    ['rewinds', sum(data.groupStats.rewinds)],
    ['refused commits', sum(data.groupStats.errors)],
    ['deletes and expiries', sum(data.groupStats.removals)],
    ['error replies', sum(data.errors.map((tally) => tally.count))],
  ];
  const summary = el('div', 'totals');
  for (const [label, value] of totals) {
    const item = el('div', 'total');
    item.append(el('span', 'value', formatCount(value)), el('span', 'label', label));
    summary.append(item);
  }
  section.append(summary, requestsChart(report), errorsTable(report), rewindRanking(report, pickGroup));
  if (data.warnings.length > 0) {
    const warnings = el('div', 'warnings');
    warnings.append(el('h2', '', 'Warnings'));
    const list = el('ul');
    for (const warning of data.warnings) list.append(el('li', '', warning));
    warnings.append(list);
    section.append(warnings);
  }
  return section;
}

/** Requests (or records) per second, or per so many steps for a run without time, stacked by type. */
export function requestsChart(report: PageReport): HTMLElement {
  const { data } = report;
  const { requests } = data;
  const time = data.axis === 'time';
  const perSecond = time ? 1000 / requests.bucketWidth : 1;
  const box = el('div', 'requests');
  const unit = inputUnit(data) === 'record' ? 'Records' : 'Requests';
  const per = data.sources.every((source) => source.kind === 'log-partition') ? 'record offset' : 'step';
  box.append(el('h2', '', time ? `${unit} per second, by type` : `${unit} per ${requests.bucketWidth === 1 ? per : `${requests.bucketWidth} ${per}s`}, by type`));
  const width = 960;
  const height = 160;
  const frame = { left: 60, right: 14, top: 8, bottom: 24 };
  const buckets = requests.counts[0]?.length ?? 0;
  const stacked = new Array<number>(buckets).fill(0);
  for (const counts of requests.counts) counts.forEach((count, bucket) => (stacked[bucket] = (stacked[bucket] as number) + count));
  const high = Math.max(1, ...stacked.map((count) => count * perSecond));
  const x0 = requests.bucketStart;
  const x1 = requests.bucketStart + Math.max(1, buckets) * requests.bucketWidth;
  const xScale = { from: x0, origin: frame.left, factor: (width - frame.left - frame.right) / (x1 - x0) };
  const yScale = { from: 0, origin: height - frame.bottom, factor: -(height - frame.top - frame.bottom) / high };
  const svg = svgEl('svg', { class: 'requests-chart', width, height, viewBox: `0 0 ${width} ${height}` });
  for (const tick of xTicks(data, x0, x1, 8)) {
    const label = svgEl('text', { x: scaleAt(xScale, tick).toFixed(1), y: height - 8, 'text-anchor': 'middle' });
    label.textContent = formatX(data, tick);
    svg.append(label);
  }
  for (const tick of niceTicks(0, high, 4)) {
    const at = scaleAt(yScale, tick).toFixed(1);
    svg.append(svgEl('line', { class: 'grid', x1: frame.left, x2: width - frame.right, y1: at, y2: at }));
    const label = svgEl('text', { x: frame.left - 6, y: Number(at) + 4, 'text-anchor': 'end' });
    label.textContent = formatShort(tick);
    svg.append(label);
  }
  const barWidth = Math.max(1, xScale.factor * requests.bucketWidth - (xScale.factor * requests.bucketWidth > 4 ? 1 : 0));
  const base = new Array<number>(buckets).fill(0);
  const legend = el('div', 'legend');
  requests.types.forEach((type, index) => {
    const counts = requests.counts[index] ?? [];
    counts.forEach((count, bucket) => {
      if (count === 0) return;
      const below = base[bucket] as number;
      base[bucket] = below + count * perSecond;
      const top = scaleAt(yScale, below + count * perSecond);
      const bar = svgEl('rect', { class: 'request-bar', 'data-type': type, fill: seriesColour(index), x: scaleAt(xScale, x0 + bucket * requests.bucketWidth).toFixed(1), width: barWidth.toFixed(1), y: top.toFixed(1), height: (scaleAt(yScale, below) - top).toFixed(1) });
      const title = svgEl('title');
      title.textContent = `${type}: ${formatCount(count)} from ${formatX(data, x0 + bucket * requests.bucketWidth)}${time ? ` (${formatCount(Math.round(count * perSecond))} per second)` : ''}`;
      bar.append(title);
      svg.append(bar);
    });
    const entry = el('span', 'legend-entry');
    const swatch = el('span', 'swatch');
    swatch.style.background = seriesColour(index);
    entry.append(swatch, el('span', '', `${type} ${formatCount(counts.reduce((total, count) => total + count, 0))}`));
    legend.append(entry);
  });
  box.append(svg, legend);
  return box;
}

export function errorsTable(report: PageReport): HTMLElement {
  const { data } = report;
  const box = el('div', 'errors');
  box.append(el('h2', '', 'Errors by code'));
  if (data.errors.length === 0) {
    box.append(el('p', 'none', 'No request was answered with an error.'));
    return box;
  }
  const table = el('table', 'errors-table');
  const head = el('tr');
  for (const title of ['code', 'name', 'count', 'requests', 'first']) head.append(el('th', '', title));
  table.append(head);
  for (const tally of data.errors) {
    const row = el('tr');
    row.setAttribute('data-code', String(tally.code));
    const first = el('td', 'first');
    const where = originRows(data, tally.first.source, tally.first.position, -1, -1, 'request').map(([, value]) => value);
    first.append(el('div', '', `${quoted(tally.first.text)}${where.length > 0 ? ` (${where.join(', ')})` : ''}`));
    const command = replayCommand(data, tally.first.source, tally.first.position);
    if (command !== undefined) first.append(el('code', 'command', command));
    const definite = tally.definite === undefined ? '' : tally.definite ? ', definite' : ', indefinite';
    row.append(
      el('td', '', String(tally.code)),
      el('td', '', `${tally.name}${definite}`),
      el('td', 'count', formatCount(tally.count)),
      el('td', '', tally.byRequest.map(([type, count]) => `${type} ${formatCount(count)}`).join(', ')),
      first,
    );
    table.append(row);
  }
  box.append(table);
  return box;
}

/** The groups whose consumers went back most, each a link that shows that group alone. */
export function rewindRanking(report: PageReport, pickGroup: (group: number) => void): HTMLElement {
  const { data } = report;
  const box = el('div', 'rewinds');
  box.append(el('h2', '', 'Groups ranked by rewinds'));
  const ranked = data.groups.map((_, group) => group).filter((group) => (data.groupStats.rewinds[group] as number) > 0);
  ranked.sort((a, b) => (data.groupStats.rewinds[b] as number) - (data.groupStats.rewinds[a] as number) || a - b);
  if (ranked.length === 0) {
    box.append(el('p', 'none', 'No commit moved an offset backwards.'));
    return box;
  }
  const list = el('ol', 'rewind-ranking');
  for (const group of ranked.slice(0, 15)) {
    const item = el('li');
    const link = el('a', 'group-link', data.groups[group] ?? '');
    link.href = '#';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      pickGroup(group);
    });
    item.append(link, el('span', 'count', ` ${plural(data.groupStats.rewinds[group] as number, 'rewind')} of ${plural(data.groupStats.commits[group] as number, 'commit')}`));
    list.append(item);
  }
  box.append(list);
  if (ranked.length > 15) box.append(el('p', 'more', `and ${formatCount(ranked.length - 15)} more groups with rewinds`));
  return box;
}
