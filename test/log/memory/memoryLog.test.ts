import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryLog } from '../../../src/log/memory/memoryLog.js';
import { partitionFor } from '../../../src/log/partitionFor.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';
import { RecordList } from '../../helpers/recordList.js';

describe('MemoryLog', () => {
  it('keeps every record, exactly, in its group partition and in append order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbitraryRecord()), { maxLength: 5 }), fc.integer({ min: 1, max: 8 }), (batches, partitions) => {
        const log = new MemoryLog(partitions);
        for (const batch of batches) log.append(batch);
        const appended = batches.flat();
        for (let partition = 0; partition < partitions; partition++) {
          const expected = appended.filter((record) => partitionFor(record.key.group, partitions) === partition);
          assert.deepEqual([...log.partitionRecords(partition)], expected);
        }
        assert.equal([...log.records()].length, appended.length);
        const replayed = new RecordList();
        log.replay(replayed);
        assert.deepEqual(replayed.records, [...log.records()]);
      }),
    );
  });

  it('crosses chunk boundaries without losing a record', () => {
    const log = new MemoryLog(1);
    const records = Array.from({ length: 40000 }, (_, i) => ({ key: { group: 'g', topic: `t${i % 7}`, partition: i }, value: i % 1000 === 0 ? null : { offset: i * 3, commitTimestamp: i } }));
    log.append(records);
    assert.deepEqual(log.partitionLengths(), [40000]);
    assert.deepEqual([...log.partitionRecords(0, 16383)].slice(0, 3), records.slice(16383, 16386));
    assert.deepEqual([...log.records()], records);
  });

  it('says which partition does not exist', () => {
    assert.throws(() => new MemoryLog(3).partitionRecords(3), /log partition 3 does not exist \(0\.\.2\)/);
  });
});
