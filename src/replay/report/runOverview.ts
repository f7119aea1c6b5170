import type { Origin } from './timelineColumns.js';

/** One input of a report: a node's transcript, or one partition of a data directory's log. */
export type ReportSource =
  | { readonly kind: 'transcript'; readonly path: string }
  | { readonly kind: 'log-partition'; readonly path: string; readonly partition: number };

/** Where a node (re)started: the first step of a session of a transcript. */
export interface SessionStart {
  readonly t: number;
  readonly source: number;
  /** The session's first input step. */
  readonly position: number;
  readonly durable: boolean;
  readonly retentionMs: number | undefined;
}

export interface ErrorTally {
  readonly code: number;
  count: number;
  /** How many of them answered each request type. */
  readonly byRequest: Map<string, number>;
  /** The first of them, to show and to replay to. */
  readonly first: { readonly t: number; readonly origin: Origin; readonly text: string };
}

/**
 * The run as a whole: every request with its type and time (for requests per second), the
 * errors by code, the restarts, and what the report could not make sense of.
 */
export class RunOverview {
  readonly sources: ReportSource[] = [];
  readonly requestTypes: string[] = [];
  /** Parallel columns, one entry per request: index into requestTypes, time, source, step. */
  readonly requestType: number[] = [];
  readonly requestT: number[] = [];
  readonly requestSource: number[] = [];
  readonly requestPosition: number[] = [];
  readonly errors = new Map<number, ErrorTally>();
  readonly sessions: SessionStart[] = [];
  /** Things a reader should know the report may have wrong or left out. */
  readonly warnings: string[] = [];
  private readonly typeIndexes = new Map<string, number>();

  addSource(source: ReportSource): number {
    this.sources.push(source);
    return this.sources.length - 1;
  }

  request(type: string, t: number, source: number, position: number): void {
    let index = this.typeIndexes.get(type);
    if (index === undefined) {
      index = this.requestTypes.length;
      this.typeIndexes.set(type, index);
      this.requestTypes.push(type);
    }
    this.requestType.push(index);
    this.requestT.push(t);
    this.requestSource.push(source);
    this.requestPosition.push(position);
  }

  error(code: number, requestType: string, text: string, t: number, origin: Origin): void {
    let tally = this.errors.get(code);
    if (tally === undefined) this.errors.set(code, (tally = { code, count: 0, byRequest: new Map(), first: { t, origin, text } }));
    tally.count++;
    tally.byRequest.set(requestType, (tally.byRequest.get(requestType) ?? 0) + 1);
  }

  warn(text: string): void {
    this.warnings.push(text);
  }
}
