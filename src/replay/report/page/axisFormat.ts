/// <reference lib="dom" />
import type { ReportData } from '../reportFormat.js';

/**
 * About `count` round values between low and high, for axis ticks. Near 2^53 a step can be
 * too small to move a float at all, so the ticks are counted out, never added up until past.
 */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const first = Math.ceil(low / step) * step;
  // Float noise (0.30000000000000004) is rounded off at the step's own decimals.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let i = 0; i <= 4 * count + 4; i++) {
    const value = first + i * step;
    if (value > high + step * 1e-9) break;
    const tick = Number(value.toFixed(decimals));
    if (ticks[ticks.length - 1] !== tick && tick >= low - step * 1e-9) ticks.push(tick);
  }
  return ticks;
}

/** Ticks for the x axis: whole steps, or round times since the run began. */
export function xTicks(data: ReportData, x0: number, x1: number, count: number): number[] {
  if (data.axis === 'step') return niceTicks(x0, x1, count).filter((tick) => Number.isInteger(tick));
  return niceTicks(x0 - data.range.start, x1 - data.range.start, count).map((tick) => tick + data.range.start);
}

/** What the run's inputs count: a data directory holds records, a transcript requests. */
export function inputUnit(data: ReportData): 'record' | 'request' {
  return data.sources.length > 0 && data.sources.every((source) => source.kind === 'log-partition') ? 'record' : 'request';
}

/** An x value as an axis shows it: seconds since the run began, or a step. */
export function formatX(data: ReportData, x: number): string {
  if (data.axis === 'step') return String(Math.round(x));
  const seconds = (x - data.range.start) / 1000;
  const span = (data.range.end - data.range.start) / 1000;
  return `${seconds.toFixed(span < 2 ? 3 : span < 20 ? 2 : span < 200 ? 1 : 0)} s`;
}

/** A moment as a tooltip shows it: the recorded time and how far into the run. */
export function formatMoment(data: ReportData, t: number): string {
  if (data.axis === 'step') return t === 0 ? 'no time recorded' : new Date(t).toISOString();
  return `${new Date(t).toISOString()} (+${((t - data.range.start) / 1000).toFixed(3)} s)`;
}

/** An axis label for numbers that may be large: 1.2M rather than 1200000. */
export function formatShort(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e12) return `${Number((value / 1e12).toPrecision(3))}T`;
  if (size >= 1e9) return `${Number((value / 1e9).toPrecision(3))}G`;
  if (size >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (size >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(6)));
}
