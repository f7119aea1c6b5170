import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryLog } from '../../../src/log/memory/memoryLog.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';
import { logRecords } from '../../helpers/logRecords.js';

describe('MemoryLog', () => {
  it('keeps every record, exactly, in append order (so each partition in its log order)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(arbitraryRecord()), { maxLength: 5 }), fc.integer({ min: 1, max: 8 }), async (batches, partitions) => {
        const log = new MemoryLog(partitions);
        for (const [index, batch] of batches.entries()) {
          const appended = log.append(batch);
          assert.ok(appended instanceof Promise, 'append always gives a promise');
          assert.deepEqual(logRecords(log), batches.slice(0, index + 1).flat(), 'the records are in the log when append returns');
          await appended;
        }
        assert.equal(log.partitionCount, partitions);
        assert.deepEqual(logRecords(log), batches.flat());
      }),
    );
  });

  it('crosses chunk boundaries without losing a record', async () => {
    const log = new MemoryLog(1);
    const records = Array.from({ length: 40000 }, (_, i) => ({ key: { group: 'g', topic: `t${i % 7}`, partition: i }, value: i % 1000 === 0 ? null : { offset: i * 3, commitTimestamp: i } }));
    await log.append(records.slice(0, 16383));
    await log.append(records.slice(16383));
    assert.deepEqual(logRecords(log), records);
  });
});
