/** Where progress is written: stderr, or a stand-in in a test. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  write(text: string): unknown;
}

export interface Progress {
  /** How far the work has got, in any unit (bytes, for reading). */
  update(done: number, total: number): void;
  /** Clears the progress line, so that what follows starts on a clean line. */
  finish(): void;
}

/** Work smaller than this finishes before a progress line would be read. */
const MIN_TOTAL = 1 << 20;

/**
 * A progress line (`label 42%`) for long work, only when the stream is a terminal: never in a
 * pipe or a log file, where it would be noise in what a script reads. Undefined otherwise, so
 * that callers pass it on as an optional callback.
 */
export function progressReporter(label: string, stream: ProgressStream = process.stderr): Progress | undefined {
  if (stream.isTTY !== true) return undefined;
  let shown = -1;
  return {
    update(done, total) {
      if (total < MIN_TOTAL) return;
      const percent = Math.min(100, Math.floor((done * 100) / total));
      if (percent === shown) return;
      shown = percent;
      stream.write(`\r${label} ${percent}%`);
    },
    finish() {
      if (shown >= 0) stream.write('\r\u001b[K');
      shown = -1;
    },
  };
}
