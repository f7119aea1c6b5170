import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AppendError } from '../../../src/log/appendError.js';
import type { CompactionFs } from '../../../src/log/file/compaction.js';
import { compactingPath, openLayout, segmentPath } from '../../../src/log/file/dataDirectory.js';
import { FileLog } from '../../../src/log/file/fileLog.js';
import { framesByPartition } from '../../../src/log/file/framesByPartition.js';
import { KeyTextCache } from '../../../src/log/file/keyTextCache.js';
import { readSegment } from '../../../src/log/file/segmentReader.js';
import { SegmentWriter } from '../../../src/log/file/segmentWriter.js';
import { commitRecord, type OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { RecordBatch } from '../../../src/log/format/recordBatch.js';
import { logRecords } from '../../helpers/logRecords.js';

const scratch = fs.mkdtempSync(join(tmpdir(), 'offsetlog-compaction-faults-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Call = keyof CompactionFs;

/** node:fs, except that the first `times` calls of `call` that `matches` fail with EIO (after doing their work, if `done`). */
function failing(call: Call, matches: (...args: unknown[]) => boolean, options: { times?: number; done?: boolean } = {}): CompactionFs {
  let left = options.times ?? 1;
  const real = fs[call] as (...args: unknown[]) => unknown;
  const faulty = (...args: unknown[]): unknown => {
    if (left > 0 && matches(...args)) {
      left--;
      if (options.done === true) real(...args);
      throw Object.assign(new Error(`EIO: i/o error, injected into ${call}`), { code: 'EIO' });
    }
    return real(...args);
  };
  return { ...fs, [call]: faulty };
}

const isTemporary = (path: unknown): boolean => typeof path === 'string' && path.endsWith('.compacting');
const isMark = (path: unknown): boolean => typeof path === 'string' && path.includes('last-compaction-kept');

/** Each step of a compaction, made to fail, and where it must leave the log. */
const steps: { step: string; fs: CompactionFs; leaves: 'before' | 'after' }[] = [
  { step: 'reading the segment', fs: failing('readFileSync', () => true), leaves: 'before' },
  { step: 'writing the new file', fs: failing('writeSync', () => true), leaves: 'before' },
  { step: 'syncing the new file', fs: failing('fdatasyncSync', () => true), leaves: 'before' },
  { step: 'opening the new file for appends', fs: failing('openSync', (path, flags) => isTemporary(path) && typeof flags === 'number'), leaves: 'before' },
  { step: 'renaming it into place', fs: failing('renameSync', (from) => isTemporary(from)), leaves: 'before' },
  { step: 'renaming it into place, which happened but was reported as failed', fs: failing('renameSync', (from) => isTemporary(from), { done: true }), leaves: 'after' },
  { step: 'syncing the directory', fs: failing('fsyncSync', () => true), leaves: 'after' },
  { step: 'syncing the directory, again before the next append', fs: failing('fsyncSync', () => true, { times: 2 }), leaves: 'after' },
  { step: 'writing the mark', fs: failing('writeFileSync', (path) => isMark(path)), leaves: 'after' },
  { step: 'renaming the mark', fs: failing('renameSync', (from) => isMark(from)), leaves: 'after' },
];

const commit = (key: number, offset: number): OffsetRecord => commitRecord('g', 't', key, offset, 1_700_000_000_000 + offset);

/** The offset table the records lead to, last commit winning. */
function table(records: readonly OffsetRecord[]): Map<number, number> {
  return new Map(records.map((record) => [record.key.partition, record.value?.offset ?? -1]));
}

describe('a compaction that fails at any step (regression: a failure after the rename kept appending to the replaced file)', () => {
  for (const [index, { step, fs: faulty, leaves }] of steps.entries()) {
    it(`leaves the log ${leaves} it when ${step}, appends going to the file the directory names, nothing acknowledged lost`, async () => {
      const dir = join(scratch, `step-${index}`);
      openLayout(dir, 1);
      const logged: string[] = [];
      const writer = new SegmentWriter(dir, [{ size: 0, nextOffset: 0, records: 0, keptByLastCompaction: 0 }], 6, (line) => logged.push(line), faulty);
      const keys = new KeyTextCache();
      const acknowledged: OffsetRecord[] = [];
      const write = async (records: OffsetRecord[]): Promise<boolean> => {
        try {
          await writer.write(framesByPartition(RecordBatch.of(records), 1, keys));
        } catch (error) {
          assert.ok(error instanceof AppendError && error.definite, `a refused batch wrote nothing: ${(error as Error).message}`);
          return false;
        }
        acknowledged.push(...records);
        return true;
      };
      try {
        assert.equal(await write([commit(0, 1), commit(1, 2), commit(0, 3), commit(1, 4), commit(2, 5), commit(0, 6)]), true, 'the batch that set off the compaction is acknowledged');
        const said = logged.join('\n');
        if (leaves === 'before') assert.match(said, /could not compact log partition 0 \(EIO: .*\); it stays as it was, and appends go on to it/);
        else assert.match(said, /compacted log partition 0: 6 records to 3/);
        assert.equal(fs.existsSync(compactingPath(dir, 0)), false, 'no compacted file is left beside the segment');
        const second = await write([commit(1, 7), commit(3, 8)]);
        if (step.endsWith('again before the next append')) assert.equal(second, false, 'no batch acknowledged while the directory may not hold the new file');
        assert.equal(await write([commit(2, 9)]), true);
      } finally {
        writer.close();
      }
      // What the directory names holds every acknowledged commit; the log opens cleanly on it.
      const named: OffsetRecord[] = [];
      const end = readSegment(fs.readFileSync(segmentPath(dir, 0)), { verify: true }, (record) => named.push(record));
      assert.deepEqual(end.tail, { kind: 'clean' });
      assert.deepEqual(table(named), table(acknowledged));
      const reopened = FileLog.open(dir);
      try {
        assert.deepEqual(table(logRecords(reopened)), table(acknowledged));
      } finally {
        await reopened.close();
      }
    });
  }
});
