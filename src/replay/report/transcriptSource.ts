import { createReadStream, existsSync } from 'node:fs';

/**
 * One entry of a recorded session (see transcript.ts for the format): a line in or out, or the
 * settings a (re)started node ran with.
 */
export type TranscriptItem =
  | { readonly dir: 'config'; readonly t: number; readonly durable: boolean; readonly retentionMs: number | undefined }
  | { readonly dir: 'in' | 'out'; readonly t: number; readonly line: string };

export class TranscriptReadError extends Error {
  override readonly name = 'TranscriptReadError';
}

/**
 * Hands a transcript's entries to `visit` in file order, a chunk at a time, never holding the
 * file whole (a recording can be larger than a string can be). A fixture's NAME.in.jsonl is
 * read with its NAME.out.jsonl after it, as one session at time 0. Resolves with whether the
 * file ends in the middle of a line, as a killed recorder leaves it. This is the report's one
 * way into a transcript, to be swapped for transcript.ts's own once that reads streaming.
 */
export async function readTranscriptItems(path: string, visit: (items: readonly TranscriptItem[]) => void): Promise<{ readonly cutOff: boolean }> {
  if (!existsSync(path)) throw new TranscriptReadError(`cannot read ${path}: no such file`);
  if (!path.endsWith('.in.jsonl')) return forEachLine(path, (line, number) => parseEntry(path, line, number), visit);
  const fixtureLine = (dir: 'in' | 'out') => (line: string): TranscriptItem => ({ dir, t: 0, line });
  await forEachLine(path, fixtureLine('in'), visit);
  const outPath = `${path.slice(0, -'.in.jsonl'.length)}.out.jsonl`;
  if (existsSync(outPath)) await forEachLine(outPath, fixtureLine('out'), visit);
  return { cutOff: false };
}

/**
 * Splits a file into lines as it streams: each line is decoded from the bytes on its own (a
 * multi-byte character cut by a chunk's end waits with the rest of its line), so no chunk
 * becomes one large string. A last line without a newline that does not parse is a cut-off.
 */
async function forEachLine(path: string, parse: (line: string, number: number) => TranscriptItem, visit: (items: readonly TranscriptItem[]) => void): Promise<{ cutOff: boolean }> {
  let carried: Buffer | undefined;
  let number = 0;
  const take = (line: string, into: TranscriptItem[]): void => {
    number++;
    if (line.trim().length > 0) into.push(parse(line, number));
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const items: TranscriptItem[] = [];
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        if (carried === undefined) take(chunk.toString('utf8', start, newline), items);
        else {
          take(Buffer.concat([carried, chunk.subarray(start, newline)]).toString('utf8'), items);
          carried = undefined;
        }
        start = newline + 1;
      }
      if (start < chunk.length) carried = carried === undefined ? Buffer.from(chunk.subarray(start)) : Buffer.concat([carried, chunk.subarray(start)]);
      if (items.length > 0) visit(items);
    }
  } catch (error) {
    if (error instanceof TranscriptReadError) throw error;
    throw new TranscriptReadError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const last = carried?.toString('utf8') ?? '';
  if (last.trim().length === 0) return { cutOff: false };
  try {
    const items: TranscriptItem[] = [];
    take(last, items);
    visit(items);
    return { cutOff: false };
  } catch (error) {
    if (error instanceof TranscriptReadError) return { cutOff: true };
    throw error;
  }
}

/**
 * The recorder writes every line in and out as exactly {"t":N,"dir":"in"|"out","line":"..."}:
 * taking t and dir off by position and parsing only the line's string literal spares building
 * an object per entry. Anything else (a config line, other spacing or key order, a
 * damaged line) is parsed in full.
 */
function parseEntry(path: string, text: string, lineNumber: number): TranscriptItem {
  if (text.startsWith('{"t":') && text.endsWith('"}')) {
    const comma = text.indexOf(',', 5);
    const dir = text.startsWith('"dir":"in","line":"', comma + 1) ? 'in' : text.startsWith('"dir":"out","line":"', comma + 1) ? 'out' : undefined;
    const t = Number(text.slice(5, comma));
    if (dir !== undefined && comma > 5 && Number.isFinite(t)) {
      try {
        const line: unknown = JSON.parse(text.slice(comma + (dir === 'in' ? 19 : 20), -1));
        if (typeof line === 'string') return { dir, t, line };
      } catch {
        // not the plain shape after all: parsed in full below
      }
    }
  }
  return parseWholeEntry(path, text, lineNumber);
}

function parseWholeEntry(path: string, text: string, lineNumber: number): TranscriptItem {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (error) {
    throw new TranscriptReadError(`${path}:${lineNumber}: not a transcript line (${(error as Error).message})`);
  }
  const { t, dir, line, config } = (entry ?? {}) as Record<string, unknown>;
  if (dir === 'config' && typeof config === 'object' && config !== null && typeof t === 'number') {
    const { retentionMs, durable } = config as Record<string, unknown>;
    return { dir, t, durable: durable === true, retentionMs: typeof retentionMs === 'number' ? retentionMs : undefined };
  }
  if ((dir !== 'in' && dir !== 'out') || typeof line !== 'string' || typeof t !== 'number') {
    throw new TranscriptReadError(`${path}:${lineNumber}: expected {"t": number, "dir": "in" | "out", "line": string} or {"t": number, "dir": "config", "config": {...}}, got ${text.slice(0, 120)}`);
  }
  return { dir, t, line };
}
