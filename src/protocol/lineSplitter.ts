import { StringDecoder } from 'node:string_decoder';

/** Longest line accepted as a request; anything longer cannot be one and is dropped as it streams past. */
export const MAX_LINE_CHARS = 1024 * 1024;

export type OversizedLineHandler = (length: number) => void;

/**
 * Splits a byte stream into lines. Multi-byte characters split across chunks are
 * decoded correctly, a trailing "\r" is dropped, blank lines are skipped, and a line
 * longer than `maxLineChars` is never held whole: once it passes the limit its
 * characters are counted and thrown away until the next newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private discardedChars = -1; // -1: not inside an oversized line

  constructor(
    private readonly onOversizedLine: OversizedLineHandler,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  /** The complete lines in this chunk (the unfinished tail waits for the next chunk). */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      if (this.discardedChars >= 0) {
        this.onOversizedLine(this.discardedChars + newline - start);
        this.discardedChars = -1;
      } else {
        const line = this.pending.length === 0 ? text.slice(start, newline) : this.pending + text.slice(start, newline);
        this.pending = '';
        this.accept(line, lines);
      }
      start = newline + 1;
    }
    this.keepTail(text, start);
    return lines;
  }

  /** The last line when the stream ends without a newline. */
  end(): string[] {
    const rest = this.push(this.decoder.end());
    const lines = [...rest];
    if (this.discardedChars >= 0) {
      this.onOversizedLine(this.discardedChars);
      this.discardedChars = -1;
    } else if (this.pending.length > 0) {
      this.accept(this.pending, lines);
    }
    this.pending = '';
    return lines;
  }

  private accept(line: string, into: string[]): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.length > this.maxLineChars) this.onOversizedLine(trimmed.length);
    else if (!isBlank(trimmed)) into.push(trimmed);
  }

  private keepTail(text: string, start: number): void {
    const tailLength = text.length - start;
    if (this.discardedChars >= 0) {
      this.discardedChars += tailLength;
    } else if (this.pending.length + tailLength > this.maxLineChars + 1) {
      // One character past the limit may still be the "\r" of a CRLF line at the limit: whether
      // a line is kept must not depend on where the input was cut into chunks.
      this.discardedChars = this.pending.length + tailLength;
      this.pending = '';
    } else if (tailLength > 0) {
      this.pending += text.slice(start);
    }
  }
}

/** Cheap for the usual line, which starts with "{". */
function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0);
}
