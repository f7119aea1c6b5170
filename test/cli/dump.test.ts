import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { segmentPath } from '../../src/log/file/dataDirectory.js';
import { FileLog } from '../../src/log/file/fileLog.js';
import { commitRecord, tombstoneRecord } from '../../src/log/format/offsetRecord.js';
import { partitionFor } from '../../src/log/partitionFor.js';
import { assertOneLineError, runCli } from '../helpers/runCli.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'offsetlog-dump-'));
  const log = FileLog.open(dir, { partitions: 3 });
  await log.append([
    commitRecord('analytics', 'orders', 0, 42, Date.UTC(2026, 10, 22, 12, 0, 0)),
    commitRecord('billing', 'orders', 0, 7, Date.UTC(2026, 10, 22, 12, 0, 1)),
    commitRecord('analytics', 'orders', 1, 9, Date.UTC(2026, 10, 22, 12, 0, 2)),
  ]);
  await log.append([commitRecord('analytics', 'orders', 0, 40, Date.UTC(2026, 10, 22, 12, 0, 3)), tombstoneRecord('billing', 'orders', 0)]);
  log.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const expected = (name: string) => readFileSync(`${repoRoot}fixtures/cli/${name}`, 'utf8');

describe('offsetlog dump', () => {
  it('decodes every record: its place in the log (partition, offset, byte position) apart from its key and payload', () => {
    const run = runCli(['dump', dir]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, expected('dump-small-log.txt'));
    // 'analytics' and 'billing' land where Kafka's hash puts them among 3 partitions.
    assert.deepEqual([partitionFor('analytics', 3), partitionFor('billing', 3)], [0, 1]);
  });

  it('speaks JSON, and reads one segment file alone', () => {
    const run = runCli(['dump', segmentPath(dir, 0), '--json']);
    assert.equal(run.stdout, expected('dump-small-log-partition-0.jsonl'));
  });

  it('reports a torn tail, and a corrupt record with its file and byte, exiting 1', () => {
    appendFileSync(segmentPath(dir, 1), Buffer.from([9, 0, 0]));
    const torn = runCli(['dump', dir]);
    assert.equal(torn.status, 0);
    assert.match(torn.stderr, /__consumer_offsets-1\/00000000000000000000\.log: ends with an incomplete record at byte \d+ \(3 bytes/);
    const path = segmentPath(dir, 0);
    const bytes = readFileSync(path);
    bytes[20] = (bytes[20] as number) ^ 1;
    writeFileSync(path, bytes);
    const corrupt = runCli(['dump', dir]);
    assert.equal(corrupt.status, 1);
    assert.match(corrupt.stderr, /__consumer_offsets-0\/00000000000000000000\.log: the record at byte 0 is corrupt \(checksum/);
  });

  it('refuses a file that is no segment (a transcript) and a missing path with status 2, in one line', () => {
    const transcript = join(dir, 'run.jsonl');
    writeFileSync(transcript, '{"t":1,"dir":"config","config":{"durable":false}}\n{"t":1,"dir":"in","line":"{}"}\n');
    assertOneLineError(runCli(['dump', transcript]), 2, /^offsetlog dump: .*run\.jsonl: not an offsetlog segment: no record reads from its first byte/);
    assertOneLineError(runCli(['dump', '/nonexistent']), 2, /^offsetlog dump: \/nonexistent: no such file or directory, expected a data directory or a segment file/);
    assertOneLineError(runCli(['dump']), 2, /^offsetlog dump: expected one path, got 0/);
    assertOneLineError(runCli(['dump', dir, '--yes']), 2, /^offsetlog dump: Unknown option '--yes'/);
  });
});

describe('offsetlog describe and repair on a data directory', () => {
  it('describes the table the log folds to', () => {
    const run = runCli(['describe', dir]);
    assert.equal(run.stdout, expected('describe-small-log.txt'));
  });

  it('repairs only when told to, cutting at the first bad record; a dry run that would cut exits 1', () => {
    const path = segmentPath(dir, 0);
    const bytes = readFileSync(path);
    const second = bytes.readUInt32LE(0) + 16;
    bytes[second + 20] = (bytes[second + 20] as number) ^ 1;
    writeFileSync(path, bytes);
    const dry = runCli(['repair', dir]);
    assert.equal(dry.status, 1);
    assert.match(dry.stdout, new RegExp(`a corrupt record .* at byte ${second}; would cut ${bytes.length - second} bytes, keeping 1 records`));
    assert.equal(readFileSync(path).length, bytes.length);
    const refused = runCli(['describe', dir]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`the record at byte ${second} is corrupt`));
    const done = runCli(['repair', dir, '--yes']);
    assert.equal(done.status, 0);
    assert.equal(readFileSync(path).length, second);
    assert.match(runCli(['describe', dir]).stdout, /analytics +orders +0 +42 /);
    const clean = runCli(['repair', dir]);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'every partition reads cleanly; nothing to repair\n');
  });

  it('refuses a missing path, a file and a directory that holds no log with status 2, in one line, before taking a lock', () => {
    assertOneLineError(runCli(['repair', '/nonexistent']), 2, /^offsetlog repair: \/nonexistent: no such file or directory, expected a data directory \(see/);
    assertOneLineError(runCli(['repair', segmentPath(dir, 0)]), 2, /expected a data directory, got a file/);
    const empty = mkdtempSync(join(tmpdir(), 'offsetlog-not-data-'));
    try {
      assertOneLineError(runCli(['repair', empty]), 2, /is not an offsetlog data directory \(no offsetlog\.json\)/);
      assert.equal(existsSync(join(empty, '.lock')), false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
