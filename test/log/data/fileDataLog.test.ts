import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DATA_PARTITIONS, dataSegmentPath } from '../../../src/log/data/dataLayout.js';
import { encodeDataPayload } from '../../../src/log/data/dataPayload.js';
import type { DataRecord } from '../../../src/log/data/dataRecord.js';
import { FileDataLog } from '../../../src/log/data/fileDataLog.js';
import { FrameBatch } from '../../../src/log/format/frame.js';
import { partitionFor } from '../../../src/log/partitionFor.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-data-log-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(scratch, `d${dirs++}`);
const quiet = () => {};
const ALL = { end: Number.MAX_SAFE_INTEGER, maxMessages: 1000, maxBytes: 1 << 20 };

function ends(log: FileDataLog): [string, number][] {
  const found: [string, number][] = [];
  log.forEachEnd((key, end) => found.push([key, end]));
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('FileDataLog', () => {
  it('reads back after a restart what it acknowledged, messages exactly as sent, from disk', async () => {
    const dir = freshDir();
    const log = await FileDataLog.open(dir, quiet);
    await log.append([{ key: 'a', offset: 0, msg: { z: 1, a: [2] } }, { key: '__proto__', offset: 0, msg: 'p' }]);
    await Promise.all([log.append([{ key: 'a', offset: 1, msg: 'ü' }]), log.append([{ key: 'a', offset: 2, msg: null }])]);
    await log.close();
    const reopened = await FileDataLog.open(dir, quiet);
    assert.deepEqual(ends(reopened), [['__proto__', 1], ['a', 3]]);
    const read = reopened.read('a', 1, ALL);
    assert.deepEqual(read.messages, [[1, 'ü'], [2, null]]);
    assert.equal(JSON.stringify(reopened.read('a', 0, { ...ALL, maxMessages: 1 }).messages), '[[0,{"z":1,"a":[2]}]]', 'the message keeps its own field order');
    assert.deepEqual(reopened.read('a', 0, { ...ALL, end: 1 }).messages, [[0, { z: 1, a: [2] }]], 'nothing past the end it is given');
    await reopened.append([{ key: 'a', offset: 3, msg: 4 }]);
    assert.deepEqual(reopened.read('a', 3, ALL).messages, [[3, 4]]);
    await reopened.close();
  });

  it('refuses an append that does not continue a key, and one behind it in the same group commit, writing nothing of them', async () => {
    const dir = freshDir();
    const log = await FileDataLog.open(dir, quiet);
    const outcomes = await Promise.allSettled([
      log.append([{ key: 'a', offset: 0, msg: 1 }]),
      log.append([{ key: 'a', offset: 2, msg: 2 }]),
      log.append([{ key: 'b', offset: 0, msg: 3 }, { key: 'a', offset: 1, msg: 4 }]),
    ]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /AppendError: data log of key "a" expected offset 1 next, got 2/);
    assert.equal((outcomes[1] as PromiseRejectedResult).reason.definite, true);
    assert.deepEqual(ends(log), [['a', 2], ['b', 1]]);
    await log.close();
  });

  it('cuts off a torn tail at start, and refuses a corrupt record naming file and byte', async () => {
    const dir = freshDir();
    const log = await FileDataLog.open(dir, quiet);
    await log.append([{ key: 'k', offset: 0, msg: 'one' }, { key: 'k', offset: 1, msg: 'two' }]);
    await log.close();
    const file = dataSegmentPath(dir, partitionFor('k', DATA_PARTITIONS));
    const whole = statSync(file).size;
    appendFileSync(file, Buffer.from([9, 0, 0, 0, 1, 2]));
    const logged: string[] = [];
    const recovered = await FileDataLog.open(dir, (line) => logged.push(line));
    assert.deepEqual(ends(recovered), [['k', 2]]);
    assert.equal(statSync(file).size, whole);
    assert.match(logged.join('\n'), /cut off an incomplete record at byte \d+ \(6 bytes\)/);
    await recovered.close();

    const bytes = readFileSync(file);
    bytes[bytes.length - 2] = (bytes[bytes.length - 2] as number) ^ 0xff;
    writeFileSync(file, bytes);
    await assert.rejects(FileDataLog.open(dir, quiet), (error: Error) => error.name === 'CorruptLogError' && error.message.includes(file) && /at byte \d+ is corrupt \(checksum/.test(error.message));
  });

  it('refuses a log whose well-framed records break its rules: a key not continued exactly, or in the wrong partition', async () => {
    const write = (dir: string, partition: number, records: readonly DataRecord[]): void => {
      const frames = new FrameBatch();
      for (const record of records) frames.add(encodeDataPayload(record));
      mkdirSync(dirname(dataSegmentPath(dir, partition)), { recursive: true });
      writeFileSync(dataSegmentPath(dir, partition), frames.seal(0));
    };
    const home = partitionFor('k', DATA_PARTITIONS);
    const skipped = freshDir();
    write(skipped, home, [{ key: 'k', offset: 0, msg: 1 }, { key: 'k', offset: 2, msg: 2 }]);
    await assert.rejects(FileDataLog.open(skipped, quiet), /the record at byte \d+ is corrupt \(key "k" expected offset 1 next, got 2\)/);
    const misplaced = freshDir();
    write(misplaced, (home + 1) % DATA_PARTITIONS, [{ key: 'k', offset: 0, msg: 1 }]);
    await assert.rejects(FileDataLog.open(misplaced, quiet), new RegExp(`key "k" belongs in partition ${home}`));
  });

  it('keeps any number of keys in at most one file per partition', async () => {
    const dir = freshDir();
    const log = await FileDataLog.open(dir, quiet);
    await log.append(Array.from({ length: 2000 }, (_, key) => ({ key: `key-${key}`, offset: 0, msg: key })));
    await log.close();
    const entries = readdirSync(dir);
    assert.ok(entries.length <= DATA_PARTITIONS, `${entries.length} entries`);
    for (const entry of entries) assert.deepEqual(readdirSync(join(dir, entry)), ['00000000000000000000.log']);
    const reopened = await FileDataLog.open(dir, quiet);
    assert.deepEqual(reopened.read('key-1999', 0, ALL).messages, [[0, 1999]]);
    await reopened.close();
  });
});
