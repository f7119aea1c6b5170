import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface FileLine {
  readonly text: string;
  /** 1-based. */
  readonly number: number;
  /** False only for a last line that the file ends in the middle of (no newline after it). */
  readonly complete: boolean;
}

/** How far a reading has got, in bytes, of how many the file held when it was opened. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/** Bytes read at a time: a file is read in pieces of this size, never as one string. */
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The lines of a file, read as they are taken: stopping the iteration stops the reading and
 * closes the file, so a caller that needs the first lines of a large file reads only those.
 * Lines are cut at the newline byte, which never occurs inside a multi-byte UTF-8 character,
 * and decoded one by one.
 */
export function* fileLines(path: string, onRead?: ReadProgress): Generator<FileLine> {
  const fd = openSync(path, 'r');
  try {
    const totalBytes = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let partial: Buffer[] = [];
    let number = 0;
    let bytesRead = 0;
    for (;;) {
      const got = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (got === 0) break;
      bytesRead += got;
      const bytes = chunk.subarray(0, got);
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
        const text = partial.length === 0 ? bytes.toString('utf8', start, end) : Buffer.concat([...partial, bytes.subarray(start, end)]).toString('utf8');
        partial = [];
        start = end + 1;
        yield { text, number: ++number, complete: true };
      }
      // Copied: the chunk is overwritten by the next read.
      if (start < got) partial.push(Buffer.from(bytes.subarray(start)));
      onRead?.(bytesRead, Math.max(totalBytes, bytesRead));
    }
    if (partial.length > 0) yield { text: Buffer.concat(partial).toString('utf8'), number: ++number, complete: false };
  } finally {
    closeSync(fd);
  }
}
