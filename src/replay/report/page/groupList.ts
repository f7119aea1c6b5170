/// <reference lib="dom" />
import { seriesColour } from './chartParts.js';
import { el, formatCount, plural } from './dom.js';
import { GroupChart, type ChartContext } from './groupChart.js';

interface Shown {
  readonly chart: GroupChart;
  readonly box: HTMLElement;
  readonly series: readonly number[];
  stale: boolean;
  visible: boolean;
}

/**
 * The groups that match the filter, a page of them at a time, each drawn only once it scrolls
 * into view: a run may have more groups than a page can draw at once.
 */
export class GroupList {
  private static readonly pageSize = 25;
  readonly element: HTMLElement = el('section', 'groups');
  private readonly status: HTMLElement = el('p', 'status');
  private readonly list: HTMLElement = el('div', 'group-list');
  private readonly more: HTMLButtonElement = el('button', 'show-more', 'Show more groups');
  private matching: number[] = [];
  private shown = new Map<number, Shown>();
  private topicPattern: RegExp | undefined;
  private readonly observer: IntersectionObserver;

  constructor(private readonly context: ChartContext) {
    this.element.append(this.status, this.list, this.more);
    this.more.addEventListener('click', () => this.showMore());
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const shown = this.shown.get(Number((entry.target as HTMLElement).dataset['index']));
        if (shown === undefined) continue;
        shown.visible = entry.isIntersecting;
        if (shown.visible && shown.stale) this.draw(shown);
      }
    }, { rootMargin: '300px' });
  }

  /** Shows the groups whose name matches `group` and that have a partition of a topic matching `topic`. */
  filter(group: RegExp | undefined, topic: RegExp | undefined): void {
    const { data } = this.context.report;
    this.topicPattern = topic;
    this.matching = [];
    for (let index = 0; index < data.groups.length; index++) {
      if (group !== undefined && !group.test(data.groups[index] as string)) continue;
      if (topic !== undefined && this.seriesOf(index).length === 0) continue;
      this.matching.push(index);
    }
    this.observer.disconnect();
    this.shown = new Map();
    this.list.replaceChildren();
    this.showMore();
  }

  /** Draws again every chart in view (the others when they come into view): the zoom changed. */
  redraw(): void {
    for (const shown of this.shown.values()) {
      shown.stale = true;
      if (shown.visible) this.draw(shown);
    }
  }

  private showMore(): void {
    const { data } = this.context.report;
    const next = this.matching.slice(this.shown.size, this.shown.size + GroupList.pageSize);
    for (const group of next) {
      const series = this.seriesOf(group);
      const section = el('section', 'group');
      section.dataset['group'] = data.groups[group] as string;
      section.dataset['index'] = String(group);
      const stats = data.groupStats;
      const heading = el('h3');
      heading.append(
        el('span', 'group-name', data.groups[group] as string),
        el('span', 'group-stats', `${plural(stats.commits[group] as number, 'commit')} · ${plural(stats.rewinds[group] as number, 'rewind')} · ${formatCount(stats.errors[group] as number)} refused · ${formatCount(stats.removals[group] as number)} deleted or expired`),
      );
      const legend = el('div', 'legend');
      series.forEach((id, position) => {
        const entry = el('span', 'legend-entry');
        const swatch = el('span', 'swatch');
        swatch.style.background = seriesColour(position);
        entry.append(swatch, el('span', '', `${data.topics[this.context.report.series.topic[id] as number] ?? ''} / ${this.context.report.series.partition[id]}`));
        legend.append(entry);
      });
      const box = el('div', 'chart-box');
      const chart = new GroupChart(this.context);
      box.append(chart.element);
      section.append(heading, legend, box);
      this.list.append(section);
      const shown: Shown = { chart, box, series, stale: true, visible: false };
      this.shown.set(group, shown);
      this.observer.observe(section);
    }
    const total = this.matching.length;
    this.status.textContent = total === data.groups.length ? plural(total, 'group') : `${formatCount(total)} of ${plural(data.groups.length, 'group')} match`;
    if (this.shown.size < total) this.status.textContent += `, showing the first ${formatCount(this.shown.size)}`;
    this.more.hidden = this.shown.size >= total;
  }

  private draw(shown: Shown): void {
    shown.chart.render(shown.series, Math.max(320, shown.box.clientWidth));
    shown.stale = false;
  }

  /** The group's series whose topic matches the topic filter. */
  private seriesOf(group: number): number[] {
    const { report } = this.context;
    const series: number[] = [];
    for (let id = report.groupSeriesStart[group] as number; id < (report.groupSeriesStart[group + 1] as number); id++) {
      if (this.topicPattern === undefined || this.topicPattern.test(report.data.topics[report.series.topic[id] as number] as string)) series.push(id);
    }
    return series;
  }
}
