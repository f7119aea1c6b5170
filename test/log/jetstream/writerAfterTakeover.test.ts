import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppendError } from '../../../src/log/appendError.js';
import { commitRecord } from '../../../src/log/format/offsetRecord.js';
import type { JetStreamConnection } from '../../../src/log/jetstream/jetStreamConnection.js';
import { openJetStreamLogs, type OpenedLogs } from '../../../src/log/jetstream/openJetStreamLogs.js';
import { findOffset } from '../../../src/state/offsetTable.js';
import { closeLogs, oneLogServer } from '../../helpers/jetStreamLogServer.js';

function connectionOf(logs: OpenedLogs): JetStreamConnection {
  return (logs.log as unknown as { connection: JetStreamConnection }).connection;
}


/*
 * A writer that stops renewing its claim for a lease period (a paused process, a stalled event loop,
 * a slow link) is taken over. Once it runs again, its next append must not land: the streams'
 * expected sequences only say where it last saw them end, so the new writer fences them before it
 * reads them (see fenceStreams.ts).
 */
describe('a writer whose claim was taken over', () => {
  const server = oneLogServer();

  it('gets no append acknowledged once another writer opened its logs, and the new writer goes on', async () => {
    const old = await openJetStreamLogs(server.options, 'n-paused', () => {});
    await old.log.append([commitRecord('g', 't', 0, 1, 1)]);
    // The old writer stops renewing as a paused process does; it has not closed and its logs are still open.
    await connectionOf(old).lease?.close(false);
    const taker = await openJetStreamLogs(server.options, 'n-paused', () => {});
    assert.equal(findOffset(taker.table, 'g', 't', 0)?.offset, 1);

    const late = old.log.append([commitRecord('g', 't', 0, 9, 2)]);
    const outcome = await late.then(
      () => 'acknowledged',
      (error: unknown) => (error instanceof AppendError ? 'refused' : `threw ${String(error)}`),
    );
    // Acknowledged, the commit of 9 is in the stream while the writer now answering reads has 1.
    const said = findOffset(taker.table, 'g', 't', 0)?.offset;
    // The old writer's refused publish left nothing in the stream: the new writer is not stopped by it.
    await taker.log.append([commitRecord('g', 't', 0, 3, 3)]);
    await closeLogs(old);
    await closeLogs(taker);
    assert.equal(outcome, 'refused', `the new writer's table says ${said}`);
  });
});
