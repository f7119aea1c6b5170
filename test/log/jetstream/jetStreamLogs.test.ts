import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MembershipError } from '../../../src/cluster/membership.js';
import { AppendError } from '../../../src/log/appendError.js';
import { commitRecord, tombstoneRecord } from '../../../src/log/format/offsetRecord.js';
import type { JetStreamLog } from '../../../src/log/jetstream/jetStreamLog.js';
import { openJetStreamLogs, type OpenedLogs } from '../../../src/log/jetstream/openJetStreamLogs.js';
import { LogsTakenError } from '../../../src/log/jetstream/writerLease.js';
import { findOffset } from '../../../src/state/offsetTable.js';
import { closeLogs, oneLogServer } from '../../helpers/jetStreamLogServer.js';

const ALL = { end: Number.MAX_SAFE_INTEGER, maxMessages: 1000, maxBytes: 1 << 20 };


/** Retries `append` while it fails with an AppendError, up to a generous deadline. */
async function untilAppended(append: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await append();
    } catch (error) {
      if (!(error instanceof AppendError) || Date.now() > deadline) throw error;
    }
  }
}

describe('JetStream logs on one server', () => {
  const server = oneLogServer();

  it('a node reopened from nothing but the streams has every acknowledged record', async () => {
    const first = await openJetStreamLogs(server.options, 'n1', () => {});
    await first.log.append([commitRecord('g', 't', 0, 5, 1), commitRecord('g', 't', 1, 7, 1)]);
    await first.log.append([commitRecord('g', 't', 0, 6, 2), tombstoneRecord('g', 't', 1)]);
    await first.dataLog.append([{ key: 'k', offset: 0, msg: { b: 1, a: 2 } }, { key: 'k', offset: 1, msg: 'x' }]);
    await closeLogs(first);

    const again = await openJetStreamLogs(server.options, 'n1', () => {});
    const records: unknown[] = [];
    again.log.forEachRecord((record) => records.push(record));
    assert.deepEqual(new Set(records.map((record) => JSON.stringify(record))), new Set([JSON.stringify(commitRecord('g', 't', 0, 6, 2)), JSON.stringify(tombstoneRecord('g', 't', 1))]));
    assert.equal(findOffset(again.table, 'g', 't', 0)?.offset, 6);
    assert.equal(findOffset(again.table, 'g', 't', 1)?.offset, undefined);
    assert.deepEqual(again.dataLog.read('k', 0, ALL).messages, [[0, { b: 1, a: 2 }], [1, 'x']]);
    await closeLogs(again);
  });

  it('keeps a tombstone for the retention period, then purges its key from the stream, and never a key committed since', async () => {
    const retained = { ...server.options, tombstoneRetentionMs: 60_000 };
    const logs = await openJetStreamLogs(retained, 'n-tombstones', () => {});
    const log = logs.log as JetStreamLog;
    await log.append([commitRecord('gone', 't', 0, 1, 1), commitRecord('kept', 't', 0, 2, 1), commitRecord('back', 't', 0, 3, 1)]);
    await log.append([tombstoneRecord('gone', 't', 0), tombstoneRecord('back', 't', 0)]);
    await log.append([commitRecord('back', 't', 0, 4, 2)]);
    assert.equal(await log.purgeTombstones(Date.now()), 0, 'within the retention period, the tombstone stays');
    assert.equal(await log.purgeTombstones(Date.now() + 60_001), 1);
    const keys = (opened: OpenedLogs): string[] => {
      const groups: string[] = [];
      opened.log.forEachRecord((record) => groups.push(`${record.key.group}:${record.value === null ? 'tombstone' : record.value.offset}`));
      return groups.sort();
    };
    assert.deepEqual(keys(logs), ['back:4', 'kept:2']);
    await closeLogs(logs);
    // Read back from the stream alone: the purged key is gone from it too.
    const again = await openJetStreamLogs(retained, 'n-tombstones', () => {});
    assert.deepEqual(keys(again), ['back:4', 'kept:2']);
    await closeLogs(again);
  });

  it('refuses, definitely, a data append that does not continue its key', async () => {
    const logs = await openJetStreamLogs(server.options, 'n-contiguity', () => {});
    await logs.dataLog.append([{ key: 'k', offset: 0, msg: 1 }]);
    await assert.rejects(logs.dataLog.append([{ key: 'k', offset: 2, msg: 2 }]), (error: unknown) => error instanceof AppendError && error.definite && /expected offset 1 next, got 2/.test(error.message));
    await closeLogs(logs);
  });

  it('refuses streams that hold this node id in another cluster, as a data directory does', async () => {
    const first = await openJetStreamLogs(server.options, 'n-members', () => {}, () => {}, ['n-members', 'n-other']);
    await closeLogs(first);
    // The same names in another order deal the partitions out differently: another cluster.
    await assert.rejects(openJetStreamLogs(server.options, 'n-members', () => {}, () => {}, ['n-other', 'n-members']), (error: unknown) => error instanceof MembershipError && /init named this node "n-members" of \["n-other","n-members"\]/.test(error.message));
    await assert.rejects(openJetStreamLogs(server.options, 'n-members', () => {}, () => {}, ['n-members']), MembershipError);
    const again = await openJetStreamLogs(server.options, 'n-members', () => {}, () => {}, ['n-members', 'n-other']);
    await closeLogs(again);
  });

  it('refuses to open a node id whose logs a live writer holds, and opens it once that writer is gone', async () => {
    const holder = await openJetStreamLogs(server.options, 'n-twice', () => {});
    await assert.rejects(openJetStreamLogs(server.options, 'n-twice', () => {}), LogsTakenError);
    await closeLogs(holder);
    const next = await openJetStreamLogs(server.options, 'n-twice', () => {});
    await closeLogs(next);
  });

  it('with JetStream gone, an append fails indefinitely, the next definitely, and appends succeed once it is back', async () => {
    const logs = await openJetStreamLogs(server.options, 'n-outage', () => {});
    after(() => closeLogs(logs).catch(() => {}));
    await logs.dataLog.append([{ key: 'k', offset: 0, msg: 'before' }]);
    await server.nats.killAll();
    await assert.rejects(logs.dataLog.append([{ key: 'k', offset: 1, msg: 'lost?' }]), (error: unknown) => error instanceof AppendError && !error.definite);
    await assert.rejects(logs.log.append([commitRecord('g', 't', 0, 1, 1)]), (error: unknown) => error instanceof AppendError && !error.definite);
    await assert.rejects(logs.dataLog.append([{ key: 'k', offset: 1, msg: 'refused' }]), (error: unknown) => error instanceof AppendError && error.definite);
    await server.nats.restartAll();
    // The client is back once it has reconnected: until then appends keep failing, as they should.
    await untilAppended(() => logs.dataLog.append([{ key: 'k', offset: 1, msg: 'after' }]));
    await untilAppended(() => logs.log.append([commitRecord('g', 't', 0, 2, 2)]));
    assert.deepEqual(logs.dataLog.read('k', 0, ALL).messages, [[0, 'before'], [1, 'after']]);
    await closeLogs(logs);
    const again = await openJetStreamLogs(server.options, 'n-outage', () => {});
    assert.deepEqual(again.dataLog.read('k', 0, ALL).messages, [[0, 'before'], [1, 'after']]);
    assert.equal(findOffset(again.table, 'g', 't', 0)?.offset, 2);
    await closeLogs(again);
  });
});
