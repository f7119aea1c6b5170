import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { AppendError } from '../../../src/log/appendError.js';
import { compactingPath, segmentPath } from '../../../src/log/file/dataDirectory.js';
import { FileLog } from '../../../src/log/file/fileLog.js';
import { commitRecord, tombstoneRecord, type OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { partitionFor } from '../../../src/log/partitionFor.js';
import { CorruptLogError } from '../../../src/log/file/corruptLogError.js';
import { FrameBatch } from '../../../src/log/format/frame.js';
import { recordText } from '../../../src/log/format/recordCodec.js';
import { dataDirectoryPartitions } from '../../helpers/dataDirectoryPartitions.js';
import { logRecords } from '../../helpers/logRecords.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'offsetlog-filelog-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const byPartition = (list: readonly OffsetRecord[]): OffsetRecord[][] => [0, 1, 2, 3].map((p) => list.filter((r) => partitionFor(r.key.group, 4) === p));

const commits = (count: number, group = 'g'): OffsetRecord[] =>
  Array.from({ length: count }, (_, i) => commitRecord(group, `t${i % 3}`, i % 5, i, 1_700_000_000_000 + i));

function reopen(options: Parameters<typeof FileLog.open>[1] = {}): { log: FileLog; logged: string[] } {
  const logged: string[] = [];
  const log = FileLog.open(dir, { partitions: 4, ...options, logger: (line) => logged.push(line) });
  return { log, logged };
}

describe('FileLog', () => {
  it('gives back after a restart exactly the records it acknowledged, in order per partition', async () => {
    const { log } = reopen();
    const records = [...commits(30, 'a'), ...commits(20, 'b'), tombstoneRecord('a', 't0', 0)];
    await log.append(records.slice(0, 10));
    await log.append(records.slice(10));
    await log.close();
    const { log: again } = reopen();
    assert.deepEqual(byPartition(logRecords(again)), byPartition(records));
    assert.deepEqual(
      dataDirectoryPartitions(dir).map((partition) => partition.nextOffset),
      byPartition(records).map((list) => list.length),
    );
    await again.close();
  });

  it('hands every record to onRecord while it opens, the same records in the same order as forEachRecord, from segments of every size', async () => {
    const { log } = reopen();
    // Names the decoder's shortcut reads and names it leaves to the full decode, in groups of
    // different sizes, so that a small segment is read after a larger one into the same buffer.
    const names = ['g', 'grüße', 'quote"d', 'tab\tbed', '😀', 'plain-2', 'plain-3', 'plain-4'];
    const records = names.flatMap((group, i) => [...commits(1 + ((i * 37) % 60), group), commitRecord(group, 'meta', 0, 1, 2, i % 2 === 0 ? '' : 'x\ny'), tombstoneRecord(group, 't0', 0)]);
    await log.append(records);
    await log.close();
    const opened: OffsetRecord[] = [];
    const { log: again, logged } = reopen({ onRecord: (record) => opened.push(record) });
    assert.deepEqual(logged, [], 'a clean log opens with nothing to repair');
    const sizes = dataDirectoryPartitions(dir).map((partition) => partition.bytes);
    assert.ok(sizes.some((size, i) => i > 0 && size > 0 && size < (sizes[i - 1] as number)), `a smaller segment follows a larger one: ${sizes.join(', ')}`);
    assert.deepEqual(opened, logRecords(again));
    assert.deepEqual(byPartition(opened), byPartition(records));
    assert.deepEqual(opened, [0, 1, 2, 3].flatMap((partition) => records.filter((r) => partitionFor(r.key.group, 4) === partition)), 'partition by partition, each in log order');
    await again.close();
  });

  it('hands forEachRecord the records as of the writer\'s last report, not bytes that reached the file otherwise', async () => {
    const { log } = reopen();
    await log.append(commits(3));
    // A whole, checksummed record the writer never acknowledged (as a rollback that failed could leave).
    const stray = new FrameBatch();
    stray.add(recordText(commitRecord('g', 'stray', 0, 99, 1)));
    appendFileSync(segmentPath(dir, partitionFor('g', 4)), stray.seal(3));
    assert.deepEqual(logRecords(log), commits(3));
    await log.close();
  });

  it('keeps the partition count a directory was made with', async () => {
    await reopen().log.close();
    const log = FileLog.open(dir, { partitions: 9 });
    assert.equal(log.partitionCount, 4);
    await log.close();
  });

  it('cuts off a torn tail, reports it, and appends cleanly after it', async () => {
    const { log } = reopen();
    await log.append(commits(3));
    await log.close();
    const path = segmentPath(dir, partitionFor('g', 4));
    const goodLength = statSync(path).size;
    appendFileSync(path, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5])); // a header claiming 64 bytes, cut short
    const { log: again, logged } = reopen();
    assert.equal(statSync(path).size, goodLength);
    assert.match(logged.join('\n'), new RegExp(`cut off an incomplete record at byte ${goodLength} \\(9 bytes\\)`));
    await again.append(commits(2, 'g'));
    await again.close();
    const { log: third } = reopen();
    assert.equal(logRecords(third).length, 5);
    await third.close();
  });

  it('refuses to open a log with a damaged record, naming the file and the byte', async () => {
    const { log } = reopen();
    await log.append(commits(3));
    await log.close();
    const path = segmentPath(dir, partitionFor('g', 4));
    const bytes = readFileSync(path);
    const second = bytes.readUInt32LE(0) + 16; // start of the second frame
    bytes[second + 20] = (bytes[second + 20] as number) ^ 0xff;
    writeFileSync(path, bytes);
    assert.throws(
      () => reopen(),
      (error: unknown) => error instanceof CorruptLogError && error.file === path && error.position === second && /checksum/.test(error.message),
    );
    assert.equal(readFileSync(path).length, bytes.length, 'nothing is cut from a corrupt log');
    // The refusal released the lock: once repaired, the directory opens again.
    writeFileSync(path, bytes.subarray(0, second));
    await reopen().log.close();
  });

  it('refuses to open a log with a record that passes its checksum but does not decode, naming the file and the byte', async () => {
    const { log } = reopen();
    await log.append(commits(3));
    await log.close();
    const path = segmentPath(dir, partitionFor('g', 4));
    const goodLength = statSync(path).size;
    const foreign = new FrameBatch();
    foreign.add('{"key":{"group":"g"},"value":null}');
    const frame = Buffer.from(foreign.seal(3));
    appendFileSync(path, frame);
    const opened: OffsetRecord[] = [];
    assert.throws(
      () => reopen({ onRecord: (record) => opened.push(record) }),
      (error: unknown) => error instanceof CorruptLogError && error.file === path && error.position === goodLength && /record key has no topic: a non-empty string expected, got nothing/.test(error.message),
    );
    assert.deepEqual(opened.filter((record) => record.key.group === 'g'), commits(3), 'the records before it were handed over, and are to be thrown away with the refusal');
    assert.equal(statSync(path).size, goodLength + frame.length, 'nothing is cut from a corrupt log');
  });

  it('compacts a partition to its newest record per key, keeping offsets, and drops deleted keys', async () => {
    const { log, logged } = reopen({ compactionMinRecords: 40 });
    const partition = partitionFor('g', 4);
    await log.append(commits(30)); // 15 keys, each committed twice
    await log.append([tombstoneRecord('g', 't0', 0), ...commits(10, 'g').slice(1)]); // t0/0 deleted, nine others committed again
    assert.match(logged.join('\n'), new RegExp(`compacted log partition ${partition}: 40 records to`));
    const kept = logRecords(log).filter((r) => partitionFor(r.key.group, 4) === partition);
    const keys = kept.map((r) => JSON.stringify([r.key.topic, r.key.partition]));
    assert.equal(new Set(keys).size, keys.length, 'one record per key');
    assert.ok(!kept.some((r) => r.key.topic === 't0' && r.key.partition === 0), 'the deleted key is gone');
    assert.equal(kept.length, 14);
    assert.equal(dataDirectoryPartitions(dir)[partition]?.nextOffset, 40, 'offsets go on from where they were');
    await log.append(commits(1));
    await log.close();
    const { log: again } = reopen({ compactionMinRecords: 40 });
    assert.equal(dataDirectoryPartitions(dir)[partition]?.nextOffset, 41);
    await again.close();
  });

  it('regression: keeps compacting a node that restarts often (each restart used to reset the threshold)', async () => {
    const partition = partitionFor('g', 4);
    for (let restart = 0; restart < 12; restart++) {
      const { log } = reopen({ compactionMinRecords: 40 });
      await log.append(commits(10)); // 10 keys; 10 records a run: the file never doubles within one run
      await log.close();
    }
    const { log } = reopen({ compactionMinRecords: 40 });
    const records = dataDirectoryPartitions(dir)[partition]?.records.length ?? 0;
    assert.ok(records < 50, `the partition holds ${records} records for 10 keys after 120 commits`);
    await log.close();
  });

  it('regression: a batch the writer cannot serialize fails on its own, and the writer goes on', async () => {
    const { log } = reopen();
    // A bug's stand-in: no valid record makes fast-json-stable-stringify throw, a BigInt does.
    const unserializable = { key: { group: 10n, topic: 't', partition: 0 }, value: { offset: 1, commitTimestamp: 1 } } as unknown as OffsetRecord;
    await assert.rejects(log.append([unserializable]), (error: unknown) => error instanceof AppendError && error.definite);
    await log.append(commits(3));
    await log.close();
    const { log: again } = reopen();
    assert.deepEqual(logRecords(again), commits(3), 'the failed batch left nothing behind');
    await again.close();
  });

  it('regression: a compaction that fails does not fail the append that triggered it', async () => {
    const { log, logged } = reopen({ compactionMinRecords: 10 });
    const partition = partitionFor('g', 4);
    mkdirSync(compactingPath(dir, partition)); // writing the compacted file now fails (EISDIR)
    await log.append(commits(12)); // resolves: the records are on disk
    assert.match(logged.join('\n'), new RegExp(`could not compact log partition ${partition} \\(EISDIR`));
    await log.append(commits(3)); // the partition still takes appends, and this time compacts
    assert.match(logged.join('\n'), new RegExp(`compacted log partition ${partition}: 15 records to 12`));
    await log.close();
    const { log: again } = reopen();
    assert.equal(logRecords(again).length, 12);
    await again.close();
  });

  it('survives a crash in the middle of a compaction: the unfinished file is discarded', async () => {
    const { log } = reopen();
    await log.append(commits(5));
    await log.close();
    const partition = partitionFor('g', 4);
    writeFileSync(compactingPath(dir, partition), Buffer.from('half a compacted fi'));
    const { log: again } = reopen();
    assert.equal(existsSync(compactingPath(dir, partition)), false);
    assert.equal(logRecords(again).length, 5);
    await again.close();
  });

  it('refuses a second opener while the first holds the directory, and lets one in past a .lock naming a dead process or its own', async () => {
    const { log } = reopen();
    assert.throws(() => reopen(), new RegExp(`data directory ${dir} is in use by process ${process.pid}`));
    await log.close();
    writeFileSync(join(dir, '.lock'), '2147483646\n'); // a pid that is not running
    await reopen().log.close();
    writeFileSync(join(dir, '.lock'), `${process.pid}\n`); // this process's own, as after a restart in a container
    await reopen().log.close();
  });

  it('refuses every append once its writer thread dies, as surely not recorded, tells its owner once, and fails its close', async () => {
    let writer: Worker | undefined;
    const died: AppendError[] = [];
    let toldDied: () => void = () => {};
    const told = new Promise<void>((resolve) => (toldDied = resolve));
    const log = FileLog.open(dir, { partitions: 4, onWriterStarted: (started) => (writer = started), onWriterDied: (error) => (died.push(error), toldDied()) });
    await log.append(commits(2));
    await (writer as Worker).terminate();
    await told;
    await assert.rejects(log.append(commits(1)), (error: unknown) => error instanceof AppendError && error.definite && /the log can no longer be written/.test(error.message));
    assert.equal(died.length, 1);
    await assert.rejects(log.close(), /the log writer stopped/);
    const { log: again } = reopen();
    assert.ok(logRecords(again).length >= 2, 'what was acknowledged is there, and the directory was let go');
    await again.close();
  });
});
