import { closeSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';
import type { LineHandler } from '../node/stdioNode.js';

/**
 * A session transcript: one JSON object per line, in the order things happened:
 *   {"t": <ms since the epoch>, "dir": "in" | "out", "line": "<the raw protocol line>"}
 * Each run of the node starts with the settings a replay needs, which also mark where a new
 * session (a restart) begins: {"t": ..., "dir": "config", "config": {"retentionMs"?, "durable"}}.
 * Written as the node runs, so a kill leaves a transcript that is good up to its last
 * whole line. A recorded fixture pair (NAME.in.jsonl, NAME.out.jsonl) reads as the same thing.
 */
export interface TranscriptEntry {
  readonly t: number;
  readonly dir: 'in' | 'out';
  readonly line: string;
}

/** The node settings a replay must copy to give the same replies. */
export interface RecordedConfig {
  readonly retentionMs?: number | undefined;
  /** The run kept its log on disk, so the next session started from this one's offsets. */
  readonly durable?: boolean | undefined;
}

/** One run of the node, from its start to its exit (or kill). */
export interface RecordedSession {
  readonly config: RecordedConfig;
  readonly entries: TranscriptEntry[];
}

/** Wraps a node so that every line it takes and gives is appended to a transcript file. */
export class RecordingHandler implements LineHandler {
  private readonly fd: number;

  constructor(
    private readonly inner: LineHandler,
    path: string,
    config: RecordedConfig,
    private readonly clock: () => number = Date.now,
  ) {
    this.fd = openSync(path, 'a');
    writeSync(this.fd, `${JSON.stringify({ t: clock(), dir: 'config', config })}\n`);
  }

  handleLines(lines: readonly string[]): Promise<string[]> {
    this.write('in', lines); // stamps the batch: the clock is read here, before the node runs
    return this.inner.handleLines(lines).then((replies) => {
      this.write('out', replies);
      return replies;
    });
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(dir: 'in' | 'out', lines: readonly string[]): void {
    if (lines.length === 0) return;
    const t = this.clock();
    writeSync(this.fd, `${lines.map((line) => JSON.stringify({ t, dir, line })).join('\n')}\n`);
  }
}

export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
}

export interface Transcript {
  readonly sessions: RecordedSession[];
  /** Set when the file ends in the middle of a line, as a killed recorder leaves it. */
  readonly cutOff: boolean;
}

/** Reads a transcript, or a fixture's NAME.in.jsonl together with its NAME.out.jsonl. */
export function readTranscript(path: string): Transcript {
  if (path.endsWith('.in.jsonl')) return readFixturePair(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TranscriptError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const sessions: { config: RecordedConfig; entries: TranscriptEntry[] }[] = [];
  const take = (line: string, lineNumber: number): void => {
    const parsed = parseEntry(path, line, lineNumber);
    if ('config' in parsed) sessions.push({ config: parsed.config, entries: [] });
    else if (sessions.length === 0) sessions.push({ config: {}, entries: [parsed] });
    else (sessions[sessions.length - 1] as RecordedSession).entries.push(parsed);
  };
  lines.forEach((line, i) => {
    if (line.length > 0) take(line, i + 1);
  });
  let cutOff = false;
  if (last.length > 0) {
    try {
      take(last, lines.length + 1);
    } catch {
      cutOff = true;
    }
  }
  return { sessions, cutOff };
}

function parseEntry(path: string, text: string, lineNumber: number): TranscriptEntry | { readonly config: RecordedConfig } {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (error) {
    throw new TranscriptError(`${path}:${lineNumber}: not a transcript line (${(error as Error).message})`);
  }
  const { t, dir, line, config } = (entry ?? {}) as Record<string, unknown>;
  if (dir === 'config' && typeof config === 'object' && config !== null) {
    const { retentionMs, durable } = config as Record<string, unknown>;
    return { config: { retentionMs: typeof retentionMs === 'number' ? retentionMs : undefined, durable: durable === true } };
  }
  if ((dir !== 'in' && dir !== 'out') || typeof line !== 'string' || typeof t !== 'number') {
    throw new TranscriptError(`${path}:${lineNumber}: expected {"t": number, "dir": "in" | "out", "line": string}`);
  }
  return { t, dir, line };
}

function readFixturePair(inPath: string): Transcript {
  const outPath = `${inPath.slice(0, -'.in.jsonl'.length)}.out.jsonl`;
  if (!existsSync(inPath)) throw new TranscriptError(`cannot read ${inPath}: no such file`);
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim().length > 0);
  // A fixture's expected lines may be pretty-printed (the task's are): compare their compact form.
  const outputs = existsSync(outPath) ? lines(outPath).map((line) => JSON.stringify(JSON.parse(line))) : [];
  const entries: TranscriptEntry[] = [
    ...lines(inPath).map((line) => ({ t: 0, dir: 'in' as const, line })),
    ...outputs.map((line) => ({ t: 0, dir: 'out' as const, line })),
  ];
  return { sessions: [{ config: {}, entries }], cutOff: false };
}
