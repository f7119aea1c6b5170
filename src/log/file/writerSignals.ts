/**
 * What the writer thread tells the node's thread through shared memory rather than messages,
 * so that the node's thread can wait for it synchronously: whether the thread started (opened
 * its segment files) or why not, and that it closed them. A message could not be waited for:
 * it is only delivered once the waiting thread returns to its event loop.
 */
export interface WriterSignals {
  /** [START] 0 not yet, 1 started, 2 failed; [CLOSED] 1 once closed; [REASON_BYTES] the failure text's length. */
  readonly state: Int32Array<SharedArrayBuffer>;
  /** Why the thread could not start, in UTF-8. */
  readonly reason: Uint8Array<SharedArrayBuffer>;
}

const START = 0;
const CLOSED = 1;
const REASON_BYTES = 2;
const REASON_CAPACITY = 4096;

export function newWriterSignals(): WriterSignals {
  return { state: new Int32Array(new SharedArrayBuffer(3 * 4)), reason: new Uint8Array(new SharedArrayBuffer(REASON_CAPACITY)) };
}

export function signalStarted(signals: WriterSignals): void {
  Atomics.store(signals.state, START, 1);
  Atomics.notify(signals.state, START);
}

export function signalFailedToStart(signals: WriterSignals, reason: string): void {
  const { written } = new TextEncoder().encodeInto(reason.slice(0, REASON_CAPACITY / 4), signals.reason);
  Atomics.store(signals.state, REASON_BYTES, written);
  Atomics.store(signals.state, START, 2);
  Atomics.notify(signals.state, START);
}

export function signalClosed(signals: WriterSignals): void {
  Atomics.store(signals.state, CLOSED, 1);
  Atomics.notify(signals.state, CLOSED);
}

/** Waits for the thread to start: undefined once it has, else why it did not. */
export function waitForStart(signals: WriterSignals, timeoutMs: number): string | undefined {
  Atomics.wait(signals.state, START, 0, timeoutMs);
  switch (Atomics.load(signals.state, START)) {
    case 1:
      return undefined;
    case 2:
      return new TextDecoder().decode(signals.reason.slice(0, Atomics.load(signals.state, REASON_BYTES)));
    default:
      return `it did not start within ${timeoutMs} ms`;
  }
}

/** Waits for the thread to close its files; false if it has not within the time. */
export function waitForClose(signals: WriterSignals, timeoutMs: number): boolean {
  return Atomics.wait(signals.state, CLOSED, 0, timeoutMs) !== 'timed-out';
}
