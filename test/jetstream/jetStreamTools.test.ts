import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commitRecord, tombstoneRecord } from '../../src/log/format/offsetRecord.js';
import { jetStreamOptions } from '../../src/log/jetstream/jetStreamOptions.js';
import { openJetStreamLogs } from '../../src/log/jetstream/openJetStreamLogs.js';
import { NatsCluster } from '../helpers/natsCluster.js';
import { runCli } from '../helpers/runCli.js';

describe('dump, describe and report read a node’s JetStream streams as a data directory', () => {
  let nats: NatsCluster;
  let path: string;
  const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-jetstream-tools-'));
  before(async () => {
    nats = await NatsCluster.start(1);
    path = `${nats.urls[0] as string}/n%201`;
    const logs = await openJetStreamLogs(jetStreamOptions(nats.urls), 'n 1', () => {});
    await logs.log.append([commitRecord('g', 't', 0, 5, 1000), commitRecord('g', 't', 1, 7, 1000, 'm')]);
    await logs.log.append([commitRecord('g', 't', 0, 6, 2000), tombstoneRecord('g', 't', 1)]);
    await logs.dataLog.append([{ key: 'orders', offset: 0, msg: 'o-0' }]);
    await logs.dataLog.close();
    await logs.log.close();
  });
  after(async () => {
    await nats.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('dump: the newest record of each key (the stream keeps no other), then the data records', () => {
    const run = runCli(['dump', path, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map(({ key, value }) => ({ key, value })),
      [
        { key: { group: 'g', topic: 't', partition: 0 }, value: { offset: 6, commitTimestamp: 2000 } },
        { key: { group: 'g', topic: 't', partition: 1 }, value: null },
        { key: 'orders', value: { offset: 0, msg: 'o-0' } },
      ],
    );
    assert.equal(lines[0]?.['stream'], 'OFFSETLOG_OFFSETS__6e2031');
  });

  it('describe: the table the streams lead to', () => {
    const run = runCli(['describe', path, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      rows.map(({ group, topic, partition, offset }) => ({ group, topic, partition, offset })),
      [{ group: 'g', topic: 't', partition: 0, offset: 6 }],
    );
  });

  it('report: a page drawn from the streams’ records', () => {
    const output = join(scratch, 'report.html');
    const run = runCli(['report', path, '-o', output]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 group/);
    assert.ok(readFileSync(output, 'utf8').includes('<html'));
  });
});
