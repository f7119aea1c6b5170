import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATA_PARTITIONS, dataSegmentPath } from '../../src/log/data/dataLayout.js';
import { partitionFor } from '../../src/log/partitionFor.js';
import { runCli } from '../helpers/runCli.js';
import { repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-dump-data-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const dataDir = join(scratch, 'run');

before(async () => {
  const input = readFileSync(`${repoRoot}fixtures/sessions/kafka-consumer-lifecycle-lag.in.jsonl`);
  assert.equal((await runNodeProcess(input, { OFFSETLOG_DATA_DIR: dataDir })).exitCode, 0);
});

describe('offsetlog dump and describe of a data directory with data logs', () => {
  it('dump decodes the data-log records after __consumer_offsets', () => {
    const run = runCli(['dump', dataDir]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    const firstData = lines.findIndex((line) => line.startsWith('topic: __data'));
    assert.ok(firstData > 0 && lines.slice(0, firstData).every((line) => line.startsWith('partition: ')), 'offsets first, then data');
    assert.equal(lines.slice(firstData).join('\n'), readFileSync(`${repoRoot}fixtures/cli/dump-kafka-data-log.txt`, 'utf8'));
  });

  it('dump decodes one data segment as JSON, and reports its torn tail', () => {
    const file = dataSegmentPath(dataDir, partitionFor('payments', DATA_PARTITIONS));
    appendFileSync(file, Buffer.from([1, 2, 3]));
    const run = runCli(['dump', file, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { topic: '__data', partition: partitionFor('payments', DATA_PARTITIONS), offset: 0, position: 0, key: 'payments', value: { offset: 0, msg: { amount: 12 } } });
    assert.match(run.stderr, /ends with an incomplete record at byte \d+ \(3 bytes/);
  });

  it('describe shows the log ends and lag the data logs give, leaving the torn tail for the node', () => {
    const run = runCli(['describe', dataDir, '--group', 'kafka', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(rows.map((row) => [row['topic'], row['offset'], row['logEndOffset'], row['lag']]), [['orders', 1, 3, 2], ['payments', 1, 1, 0]]);
  });
});
