/// <reference lib="dom" />
import { drawAxes, drawRestarts, markerShape, seriesColour, type Frame } from './chartParts.js';
import type { PageReport } from './decodeReport.js';
import { lowerBound, pickMarkers, scaleAt, standingBefore, stepLinePath, type Scale } from './downsample.js';
import { svgEl } from './dom.js';
import { fetchDetails, markDetails, type Tooltip } from './tooltip.js';

/** The x range every chart shows; a drag on any chart narrows it for all. */
export interface View {
  x0: number;
  x1: number;
}

export interface ChartContext {
  readonly report: PageReport;
  readonly tooltip: Tooltip;
  readonly view: View;
  readonly zoom: (x0: number, x1: number) => void;
}

interface Hit {
  readonly what: 'mark' | 'fetch';
  readonly series: number;
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

/**
 * One group's chart: a step line per topic-partition of its committed offset, markers for
 * commits, rewinds, refusals and removals, ticks where fetches read. Hovering shows the
 * nearest mark or fetch exactly; a click pins the tooltip; a drag zooms every chart.
 */
export class GroupChart {
  /** Markers closer than this many pixels share one drawn marker (the tooltip still finds each). */
  private static readonly markerBucketPx = 4;
  readonly element: SVGSVGElement = svgEl('svg', { class: 'chart' });
  private series: readonly number[] = [];
  private frame: Frame = { width: 0, height: 0, left: 60, right: 14, top: 10, bottom: 24 };
  private xScale: Scale = { from: 0, origin: 0, factor: 1 };
  private yScale: Scale = { from: 0, origin: 0, factor: 1 };
  private yFloor = 0;
  private ring: SVGCircleElement = svgEl('circle', { class: 'hover-ring', r: 7 });
  private dragFrom: number | undefined;
  private selection: SVGRectElement = svgEl('rect', { class: 'selection' });

  constructor(private readonly context: ChartContext) {
    this.element.addEventListener('mousemove', (event) => this.onMove(event));
    this.element.addEventListener('mouseleave', () => {
      this.ring.setAttribute('visibility', 'hidden');
      this.selection.setAttribute('visibility', 'hidden');
      this.dragFrom = undefined; // a drag that leaves the chart is dropped
      this.context.tooltip.hide();
    });
    this.element.addEventListener('mousedown', (event) => {
      this.dragFrom = this.pointer(event).x;
      event.preventDefault();
    });
    this.element.addEventListener('mouseup', (event) => this.onUp(event));
  }

  render(series: readonly number[], width: number): void {
    const { report, view } = this.context;
    this.series = series;
    this.frame = { ...this.frame, width, height: 200 };
    const { left, right, top, bottom, height } = this.frame;
    const y = this.offsetRange(series);
    const span = view.x1 > view.x0 ? view.x1 - view.x0 : 1;
    this.xScale = { from: view.x0, origin: left, factor: (width - left - right) / span };
    this.yScale = { from: y.low, origin: height - bottom, factor: -(height - top - bottom) / (y.high - y.low) };
    this.yFloor = y.low;
    const svg = this.element;
    svg.replaceChildren();
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.append(drawAxes(report.data, this.frame, this.xScale, this.yScale, view, y), drawRestarts(report.data, this.frame, this.xScale, view));
    const plot = svgEl('svg', { x: left, y: top, width: width - left - right, height: height - top - bottom, viewBox: `${left} ${top} ${width - left - right} ${height - top - bottom}`, class: 'plot' });
    series.forEach((id, position) => plot.append(this.drawSeries(id, seriesColour(position))));
    this.ring.setAttribute('visibility', 'hidden');
    this.selection.setAttribute('visibility', 'hidden');
    svg.append(plot, this.ring, this.selection);
  }

  private drawSeries(id: number, colour: string): SVGGElement {
    const { report, view } = this.context;
    const { marks, fetches, kindEffect, data } = report;
    const topic = data.topics[report.series.topic[id] as number] ?? '';
    const group = svgEl('g', { class: 'series', 'data-topic': topic, 'data-partition': report.series.partition[id] as number, 'data-series': id });
    const from = report.series.markStart[id] as number;
    const to = report.series.markStart[id + 1] as number;
    const endX = data.range.end;
    group.append(svgEl('path', { class: 'line', stroke: colour, d: stepLinePath({ x: marks.x, kind: marks.kind, offset: marks.offset, from, to }, kindEffect, { ...view, endX }, this.xScale, this.yScale) }));
    const fetchFrom = report.series.fetchStart[id] as number;
    const fetchTo = report.series.fetchStart[id + 1] as number;
    const ticks = pickMarkers(fetches.x, undefined, fetchFrom, fetchTo, view, this.xScale, 2);
    const tickPath = ticks.map((i) => `M${scaleAt(this.xScale, fetches.x[i] as number).toFixed(1)} ${(scaleAt(this.yScale, fetches.offset[i] as number) + 2).toFixed(1)}v7`).join('');
    group.append(svgEl('path', { class: 'fetches', stroke: colour, d: tickPath, 'data-count': ticks.length }));
    const markers = svgEl('g', { class: 'marks' });
    for (const i of pickMarkers(marks.x, marks.kind, from, to, view, this.xScale, GroupChart.markerBucketPx)) {
      const kind = data.markKinds[marks.kind[i] as number] ?? 'unknown';
      const marker = markerShape(kind, scaleAt(this.xScale, marks.x[i] as number), this.markY(id, i), colour);
      marker.classList.add('mark');
      marker.setAttribute('data-kind', kind);
      marker.setAttribute('data-index', String(i));
      marker.setAttribute('data-step', String(marks.position[i]));
      markers.append(marker);
    }
    group.append(markers);
    return group;
  }

  /** Where a mark sits: at its offset; a refusal that named no readable offset, on the line it left alone. */
  private markY(series: number, index: number): number {
    const { marks, kindEffect } = this.context.report;
    let offset = marks.offset[index] as number;
    if (offset < 0) offset = standingBefore(marks.kind, marks.offset, kindEffect, this.context.report.series.markStart[series] as number, index);
    return scaleAt(this.yScale, Number.isNaN(offset) ? this.yFloor : offset);
  }

  /** The offsets the chart must hold, over the whole run, so that zooming in x keeps y still. */
  private offsetRange(series: readonly number[]): { low: number; high: number } {
    const { marks, fetches } = this.context.report;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const id of series) {
      for (let i = this.context.report.series.markStart[id] as number; i < (this.context.report.series.markStart[id + 1] as number); i++) {
        const offset = marks.offset[i] as number;
        if (offset < 0) continue;
        if (offset < low) low = offset;
        if (offset > high) high = offset;
      }
      for (let i = this.context.report.series.fetchStart[id] as number; i < (this.context.report.series.fetchStart[id + 1] as number); i++) {
        const offset = fetches.offset[i] as number;
        if (offset < low) low = offset;
        if (offset > high) high = offset;
      }
    }
    if (!Number.isFinite(low)) return { low: 0, high: 1 };
    const pad = Math.max(1, (high - low) * 0.06);
    return { low: Math.max(low === 0 ? -pad : 0, low - pad), high: high + pad };
  }

  private pointer(event: MouseEvent): { x: number; y: number } {
    const box = this.element.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private onMove(event: MouseEvent): void {
    const at = this.pointer(event);
    if (this.dragFrom !== undefined && Math.abs(at.x - this.dragFrom) > 3) {
      const left = Math.max(this.frame.left, Math.min(at.x, this.dragFrom));
      const right = Math.min(this.frame.width - this.frame.right, Math.max(at.x, this.dragFrom));
      for (const [name, value] of [['x', left], ['y', this.frame.top], ['width', right - left], ['height', this.frame.height - this.frame.top - this.frame.bottom]] as const) this.selection.setAttribute(name, String(value));
      this.selection.setAttribute('visibility', 'visible');
      return;
    }
    const hit = this.nearest(at.x, at.y);
    if (hit === undefined) {
      this.ring.setAttribute('visibility', 'hidden');
      this.context.tooltip.hide();
      return;
    }
    this.ring.setAttribute('cx', hit.x.toFixed(1));
    this.ring.setAttribute('cy', hit.y.toFixed(1));
    this.ring.setAttribute('visibility', 'visible');
    const { report } = this.context;
    this.context.tooltip.show(hit.what === 'mark' ? markDetails(report, hit.series, hit.index) : fetchDetails(report, hit.series, hit.index), event.clientX, event.clientY);
  }

  private onUp(event: MouseEvent): void {
    const from = this.dragFrom;
    this.dragFrom = undefined;
    const to = this.pointer(event).x;
    if (from !== undefined && Math.abs(to - from) > 3) {
      const x = (px: number): number => this.xScale.from + (px - this.xScale.origin) / this.xScale.factor;
      this.context.zoom(x(Math.max(this.frame.left, Math.min(from, to))), x(Math.min(this.frame.width - this.frame.right, Math.max(from, to))));
      return;
    }
    if (this.context.tooltip.isPinned) this.context.tooltip.unpin();
    else this.context.tooltip.pin();
  }

  /** The mark or fetch drawn nearest the pointer, within a few pixels, looked up among all of them (not only those drawn). */
  private nearest(px: number, py: number): Hit | undefined {
    const { report } = this.context;
    const reach = 10;
    const x = (at: number): number => this.xScale.from + (at - this.xScale.origin) / this.xScale.factor;
    let best: Hit | undefined;
    let bestDistance = reach * reach;
    const consider = (what: 'mark' | 'fetch', series: number, index: number, hx: number, hy: number): void => {
      const distance = (hx - px) ** 2 + (hy - py) ** 2;
      if (distance <= bestDistance) {
        bestDistance = distance;
        best = { what, series, index, x: hx, y: hy };
      }
    };
    for (const id of this.series) {
      const fetchTo = report.series.fetchStart[id + 1] as number;
      const fetchFrom = lowerBound(report.fetches.x, report.series.fetchStart[id] as number, fetchTo, x(px - reach));
      for (let i = fetchFrom, seen = 0; i < fetchTo && (report.fetches.x[i] as number) <= x(px + reach) && seen < 500; i++, seen++) {
        consider('fetch', id, i, scaleAt(this.xScale, report.fetches.x[i] as number), scaleAt(this.yScale, report.fetches.offset[i] as number) + 5.5);
      }
      const markTo = report.series.markStart[id + 1] as number;
      const markFrom = lowerBound(report.marks.x, report.series.markStart[id] as number, markTo, x(px - reach));
      for (let i = markFrom, seen = 0; i < markTo && (report.marks.x[i] as number) <= x(px + reach) && seen < 500; i++, seen++) {
        consider('mark', id, i, scaleAt(this.xScale, report.marks.x[i] as number), this.markY(id, i));
      }
    }
    return best;
  }
}
