/**
 * Thinning a series for drawing: a series may hold far more marks than its chart has pixels.
 * These decide only what is drawn; what a tooltip shows is read from the marks
 * themselves. Pure: the page uses them, and so do the unit tests.
 */

/** A linear map from one range onto another: `at(v) = origin + (v - from) * factor`. */
export interface Scale {
  readonly from: number;
  readonly origin: number;
  readonly factor: number;
}

export function scaleAt(scale: Scale, value: number): number {
  return scale.origin + (value - scale.from) * scale.factor;
}

/** The first index in [from, to) whose x is at least `x` (to when none is). */
export function lowerBound(xs: Float64Array, from: number, to: number, x: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((xs[middle] as number) < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The offset a series stands at just before index `at` (NaN when none): the last mark before it that set or ended the line. */
export function standingBefore(kind: Int8Array, offset: Float64Array, effect: Int8Array, from: number, at: number): number {
  for (let i = at - 1; i >= from; i--) {
    const change = effect[kind[i] as number] as number;
    if (change === 1) return offset[i] as number;
    if (change === -1) return Number.NaN;
  }
  return Number.NaN;
}

/**
 * A series' step line over the visible x range as SVG path data, with at most one vertical bar
 * (from the lowest to the highest value the line takes there) per pixel column and one
 * horizontal run between columns: its size grows with the chart's width, not with the marks.
 * The line ends where an offset is removed and starts again at the next commit.
 */
export function stepLinePath(
  series: { readonly x: Float64Array; readonly kind: Int8Array; readonly offset: Float64Array; readonly from: number; readonly to: number },
  effect: Int8Array,
  view: { readonly x0: number; readonly x1: number; readonly endX: number },
  xScale: Scale,
  yScale: Scale,
): string {
  const { x, kind, offset, from, to } = series;
  const parts: string[] = [];
  const y = (value: number): string => scaleAt(yScale, value).toFixed(1);
  const first = lowerBound(x, from, to, view.x0);
  let standing = standingBefore(kind, offset, effect, from, first);
  let column = Math.round(scaleAt(xScale, view.x0));
  let low = standing;
  let high = standing;
  const closeColumn = (): void => {
    if (low < high) parts.push(`M${column} ${y(low)}V${y(high)}`);
  };
  for (let i = first; i < to && (x[i] as number) <= view.x1; i++) {
    const change = effect[kind[i] as number] as number;
    if (change === 0) continue;
    const at = Math.round(scaleAt(xScale, x[i] as number));
    if (at !== column) {
      closeColumn();
      if (!Number.isNaN(standing)) parts.push(`M${column} ${y(standing)}H${at}`);
      column = at;
      low = standing;
      high = standing;
    }
    standing = change === 1 ? (offset[i] as number) : Number.NaN;
    if (!Number.isNaN(standing)) {
      low = Number.isNaN(low) ? standing : Math.min(low, standing);
      high = Number.isNaN(high) ? standing : Math.max(high, standing);
    }
  }
  closeColumn();
  const end = Math.round(scaleAt(xScale, Math.min(view.x1, view.endX)));
  if (!Number.isNaN(standing) && end > column) parts.push(`M${column} ${y(standing)}H${end}`);
  return parts.join('');
}

/**
 * Which entries in [from, to) to draw as markers inside [x0, x1]: the first of each kind in
 * every `bucketPx`-wide column, so a dense series gives a row of markers, not a blot of them.
 * Every entry is drawn when they are that far apart.
 */
export function pickMarkers(x: Float64Array, kind: Int8Array | undefined, from: number, to: number, view: { readonly x0: number; readonly x1: number }, xScale: Scale, bucketPx: number): number[] {
  const picked: number[] = [];
  const lastBucket = new Map<number, number>();
  for (let i = lowerBound(x, from, to, view.x0); i < to && (x[i] as number) <= view.x1; i++) {
    const bucket = Math.floor(scaleAt(xScale, x[i] as number) / bucketPx);
    const k = kind === undefined ? 0 : (kind[i] as number);
    if (lastBucket.get(k) === bucket) continue;
    lastBucket.set(k, bucket);
    picked.push(i);
  }
  return picked;
}
