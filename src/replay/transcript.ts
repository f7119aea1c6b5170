import { existsSync, statSync } from 'node:fs';
import { fileLines, type ReadProgress } from './fileLines.js';

/**
 * A session transcript: one JSON object per line, in the order things happened:
 *   {"t": <ms since the epoch>, "dir": "in" | "out", "line": "<the raw protocol line>"}
 * Each run of the node starts with the settings a replay needs, which also mark where a new
 * session (a restart) begins: {"t": ..., "dir": "config", "config": {"retentionMs"?, "durable"}}.
 * Written as the node runs, so a kill leaves a transcript that is good up to its last
 * whole line. A recorded fixture pair (NAME.in.jsonl, NAME.out.jsonl) reads as the same thing.
 * A transcript is read as it is replayed, line by line: it may be far larger than a string.
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
  /** In a cluster, how long a forward waited for its owner (the node's default when absent). */
  readonly forwardTimeoutMs?: number | undefined;
  /** The node opened its logs at init (their place named by it): lines before init got code 11. */
  readonly opensAtInit?: boolean | undefined;
}

/** One run of the node, from its start to its exit (or kill). */
export interface RecordedSession {
  readonly config: RecordedConfig;
  /** When the run started, from its config line; undefined for a session with none (a fixture pair). */
  readonly startedAt?: number | undefined;
  /** Read from the file as they are taken, when the transcript is a file. */
  readonly entries: Iterable<TranscriptEntry>;
}

/** A transcript damaged after its first line: a line that is not what the recorder writes. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
}

/** A file that is not a transcript at all (its first line is none), or no file. */
export class NotATranscriptError extends Error {
  override readonly name = 'NotATranscriptError';
}

export interface Transcript {
  readonly sessions: Iterable<RecordedSession>;
  /**
   * Set when the file ends in the middle of a line, as a killed recorder leaves it; known once
   * the sessions have been read to the end.
   */
  readonly cutOff: boolean;
}

type Item = TranscriptEntry | { readonly config: RecordedConfig; readonly t: number | undefined };

/**
 * A transcript file, or a fixture's NAME.in.jsonl together with its NAME.out.jsonl, read
 * line by line as its sessions are iterated. `onRead` follows the reading, in bytes.
 */
export function readTranscript(path: string, options: { readonly onRead?: ReadProgress | undefined } = {}): Transcript {
  fileSize(path); // a path that is no file is refused here, not once the sessions are iterated
  const state = { cutOff: false };
  const items = path.endsWith('.in.jsonl') ? () => fixturePairItems(path, options.onRead) : () => transcriptItems(path, state, options.onRead);
  return {
    sessions: { [Symbol.iterator]: () => sessionsOf(items()) },
    get cutOff() {
      return state.cutOff;
    },
  };
}

/**
 * Groups the items into sessions as they are read: each config line starts one, and entries
 * before any config line (a fixture pair) make a session with no recorded settings. The file
 * is read once, in order, so a session's entries are read before the next session is taken;
 * entries asked for later refuse, rather than come back empty.
 */
function* sessionsOf(items: Iterator<Item>): Generator<RecordedSession> {
  try {
    let current = items.next();
    let sessionNumber = 0;
    let passed = 0; // the last session whose unread entries were skipped
    while (current.done !== true) {
      let config: RecordedConfig = {};
      let startedAt: number | undefined;
      if ('config' in current.value) {
        config = current.value.config;
        startedAt = current.value.t;
        current = items.next();
      }
      const mine = ++sessionNumber;
      const entries = function* (): Generator<TranscriptEntry> {
        for (;;) {
          if (mine <= passed) throw new Error(`session ${mine}'s entries were asked for after the reading had moved past them: a transcript is read once, in order`);
          if (current.done === true || 'config' in current.value) return;
          const entry = current.value;
          current = items.next();
          yield entry;
        }
      };
      yield { config, startedAt, entries: entries() };
      while (current.done !== true && !('config' in current.value)) current = items.next(); // what the reader left
      passed = mine;
    }
  } finally {
    items.return?.();
  }
}

function* transcriptItems(path: string, state: { cutOff: boolean }, onRead: ReadProgress | undefined): Generator<Item> {
  let first = true;
  for (const { text, number, complete } of fileLines(path, onRead)) {
    if (text.length === 0) continue;
    const parsed = parseItem(text);
    if (typeof parsed === 'string') {
      if (!complete && text.startsWith('{')) {
        state.cutOff = true; // a killed recorder's last, unfinished line
        return;
      }
      if (first) throw new NotATranscriptError(`${path}: not a transcript: line ${number} ${parsed}`);
      throw new TranscriptError(`${path}:${number}: ${parsed}`);
    }
    first = false;
    yield parsed;
  }
}

/** The last millisecond a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

/**
 * The line's item, or what is wrong with it. The recorder writes every line in and out as
 * exactly {"t":N,"dir":"in"|"out","line":"..."}: taking t and dir off by position and parsing
 * only the line's string literal spares building an object per entry. Anything else (a config
 * line, other spacing or key order, a damaged line) is parsed in full.
 */
function parseItem(text: string): Item | string {
  if (text.startsWith('{"t":') && text.endsWith('"}')) {
    const comma = text.indexOf(',', 5);
    const dir = text.startsWith('"dir":"in","line":"', comma + 1) ? 'in' : text.startsWith('"dir":"out","line":"', comma + 1) ? 'out' : undefined;
    const t = Number(text.slice(5, comma));
    if (dir !== undefined && comma > 5 && Number.isSafeInteger(t) && t >= 0 && t <= MAX_DATE_MS) {
      try {
        const line: unknown = JSON.parse(text.slice(comma + (dir === 'in' ? 19 : 20), -1));
        if (typeof line === 'string') return { t, dir, line };
      } catch {
        // not the plain shape after all: parsed in full below
      }
    }
  }
  return parseWholeItem(text);
}

function parseWholeItem(text: string): Item | string {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return `is not JSON, got ${preview(text)}`;
  }
  const { t, dir, line, config } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  if (dir === 'config' && typeof config === 'object' && config !== null) {
    const { retentionMs, durable, forwardTimeoutMs, opensAtInit } = config as Record<string, unknown>;
    return {
      config: {
        retentionMs: typeof retentionMs === 'number' ? retentionMs : undefined,
        durable: durable === true,
        ...(typeof forwardTimeoutMs === 'number' ? { forwardTimeoutMs } : {}),
        ...(opensAtInit === true ? { opensAtInit } : {}),
      },
      t: typeof t === 'number' ? t : undefined,
    };
  }
  if ((dir !== 'in' && dir !== 'out') || typeof line !== 'string' || typeof t !== 'number') {
    return `expected {"t": number, "dir": "in" | "out", "line": string}, got ${preview(text)}`;
  }
  // A replay stamps commits with t: it must be a time a clock could have read.
  if (!Number.isSafeInteger(t) || t < 0 || t > MAX_DATE_MS) return `expected "t" to be milliseconds since the epoch, from 0 to ${MAX_DATE_MS}, got ${t}`;
  return { t, dir, line };
}

/** The start of a line, quoted, or a word for bytes that are not text. */
function preview(text: string): string {
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return 'binary data (an offsetlog segment?)';
  return text.length <= 60 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 60))}…`;
}

/** A fixture's requests, then its expected replies, each file read line by line. */
function* fixturePairItems(inPath: string, onRead: ReadProgress | undefined): Generator<Item> {
  const outPath = `${inPath.slice(0, -'.in.jsonl'.length)}.out.jsonl`;
  const inBytes = fileSize(inPath);
  const outBytes = existsSync(outPath) ? fileSize(outPath) : 0;
  const total = inBytes + outBytes;
  for (const { text } of fileLines(inPath, onRead === undefined ? undefined : (read) => onRead(read, total))) {
    if (text.trim().length > 0) yield { t: 0, dir: 'in', line: text };
  }
  if (outBytes === 0) return;
  for (const { text, number } of fileLines(outPath, onRead === undefined ? undefined : (read) => onRead(inBytes + read, total))) {
    if (text.trim().length === 0) continue;
    // A fixture's expected lines may be pretty-printed (the task's are): compare their compact form.
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      throw new TranscriptError(`${outPath}:${number}: expected a reply as JSON, got ${preview(text)}`);
    }
    yield { t: 0, dir: 'out', line: JSON.stringify(reply) };
  }
}

/** The size of a file to read, or a NotATranscriptError saying why it cannot be one. */
function fileSize(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NotATranscriptError(`${path}: no such file, expected a transcript`);
  }
  if (stats.isDirectory()) throw new NotATranscriptError(`${path}: expected a transcript file, got a directory (a data directory is read by dump and describe)`);
  return stats.size;
}
