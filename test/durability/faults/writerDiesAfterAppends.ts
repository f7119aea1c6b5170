import { Worker } from 'node:worker_threads';

/**
 * A preload (node --import) that ends the log's writer thread right after it is handed its
 * OFFSETLOG_TEST_WRITER_DIES_AT-th append, as a crash of that thread would: the append is in
 * flight when it dies.
 */
const dieAt = Number(process.env['OFFSETLOG_TEST_WRITER_DIES_AT']);
let appends = 0;
const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>): void {
  postMessage.apply(this, args);
  const [message] = args;
  if ((message as { kind?: unknown } | null)?.kind === 'append' && ++appends === dieAt) void this.terminate();
};
