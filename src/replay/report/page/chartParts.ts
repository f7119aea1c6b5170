/// <reference lib="dom" />
import type { ReportData } from '../reportFormat.js';
import { formatShort, formatX, niceTicks, xTicks } from './axisFormat.js';
import { scaleAt, type Scale } from './downsample.js';
import { svgEl } from './dom.js';

/** A chart's frame: its size and where the plot sits inside it. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Series colours: none of them the rewind's orange or the error's red. */
export function seriesColour(index: number): string {
  const palette = ['#1c7ed6', '#2f9e44', '#7048e8', '#0c8599', '#ae3ec9', '#74b816', '#364fc7', '#22b8cf', '#8d6e63', '#495057'];
  return palette[index % palette.length] as string;
}

/** The x and y axes, with light grid lines. */
export function drawAxes(data: ReportData, frame: Frame, xScale: Scale, yScale: Scale, view: { readonly x0: number; readonly x1: number }, y: { readonly low: number; readonly high: number }): SVGGElement {
  const axes = svgEl('g', { class: 'axes' });
  const plotBottom = frame.height - frame.bottom;
  for (const tick of xTicks(data, view.x0, view.x1, Math.max(2, Math.floor((frame.width - frame.left - frame.right) / 110)))) {
    const at = scaleAt(xScale, tick).toFixed(1);
    axes.append(svgEl('line', { class: 'grid', x1: at, x2: at, y1: frame.top, y2: plotBottom }));
    const label = svgEl('text', { x: at, y: plotBottom + 15, 'text-anchor': 'middle' });
    label.textContent = formatX(data, tick);
    axes.append(label);
  }
  const yTicks = niceTicks(y.low, y.high, 4);
  // Short labels (1.2M) unless they would read the same, as offsets close together and large do.
  const short = yTicks.map(formatShort);
  const labels = new Set(short).size === short.length ? short : yTicks.map(String);
  yTicks.forEach((tick, index) => {
    const at = scaleAt(yScale, tick).toFixed(1);
    axes.append(svgEl('line', { class: 'grid', x1: frame.left, x2: frame.width - frame.right, y1: at, y2: at }));
    const label = svgEl('text', { x: frame.left - 6, y: Number(at) + 4, 'text-anchor': 'end' });
    label.textContent = labels[index] ?? '';
    axes.append(label);
  });
  axes.append(svgEl('line', { class: 'axis', x1: frame.left, x2: frame.width - frame.right, y1: plotBottom, y2: plotBottom }));
  axes.append(svgEl('line', { class: 'axis', x1: frame.left, x2: frame.left, y1: frame.top, y2: plotBottom }));
  return axes;
}

/** Dashed lines where a node (re)started, after the first start of each input. */
export function drawRestarts(data: ReportData, frame: Frame, xScale: Scale, view: { readonly x0: number; readonly x1: number }): SVGGElement {
  const restarts = svgEl('g', { class: 'restarts' });
  data.sessions.forEach((session, index) => {
    if (index === 0 || data.sessions[index - 1]?.source !== session.source) return;
    const x = data.axis === 'time' ? session.t : session.position;
    if (x < view.x0 || x > view.x1) return;
    const at = scaleAt(xScale, x).toFixed(1);
    const line = svgEl('line', { class: 'restart', x1: at, x2: at, y1: frame.top, y2: frame.height - frame.bottom });
    const title = svgEl('title');
    title.textContent = `node restarted at step ${session.position} (${session.durable ? 'from its data directory' : 'in memory: offsets start empty'})`;
    line.append(title);
    restarts.append(line);
  });
  return restarts;
}

/** The marker of a mark of this kind at (x, y): a shape per kind, so kinds differ without colour too. */
export function markerShape(kind: string, x: number, y: number, colour: string): SVGElement {
  const at = (d: string): string => `M${x.toFixed(1)} ${y.toFixed(1)}${d}`;
  switch (kind) {
    case 'commit':
      return svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, fill: colour });
    case 'rewind':
      return svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 4.5, class: 'rewind' });
    case 'error':
      return svgEl('path', { d: at('m-3.5 -3.5l7 7m0 -7l-7 7'), class: 'error' });
    case 'delete':
      return svgEl('rect', { x: (x - 3.5).toFixed(1), y: (y - 3.5).toFixed(1), width: 7, height: 7, class: 'delete' });
    case 'expire':
      return svgEl('path', { d: at('m0 -4.5l4.5 4.5l-4.5 4.5l-4.5 -4.5z'), class: 'expire' });
    case 'reset':
      return svgEl('path', { d: at('m0 -4.5l4.5 8h-9z'), class: 'reset' });
    default:
      return svgEl('rect', { x: (x - 3.5).toFixed(1), y: (y - 3.5).toFixed(1), width: 7, height: 7, class: 'tombstone' });
  }
}
