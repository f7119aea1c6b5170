import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryDataLog } from '../../src/log/data/memoryDataLog.js';
import { commitRecord } from '../../src/log/format/offsetRecord.js';
import { listGroups } from '../../src/requests/listGroups.js';
import { offsetDelete } from '../../src/requests/offsetDelete.js';
import type { CommittedOffset } from '../../src/state/offsetTable.js';
import { fold } from '../../src/state/reducer.js';

/** A table with one group of many offsets beside a few small groups. */
function table(bigGroupOffsets: number) {
  const records = Array.from({ length: bigGroupOffsets }, (_, partition) => commitRecord('big', 't', partition, 1, 5));
  for (const group of ['a', 'b', 'c']) records.push(commitRecord(group, 't', 0, 1, 5));
  return fold(records);
}

/** Counts the offsets a request looks at through its liveness check: the work it does per offset. */
function counting(): { isLive: (offset: CommittedOffset) => boolean; looked: () => number } {
  let looked = 0;
  return { isLive: () => (looked++, true), looked: () => looked };
}

describe('what a read looks at', () => {
  it('list_groups looks at one offset per group, not at every offset of every group (finding 7)', () => {
    const live = counting();
    const reply = listGroups.answer(undefined, { table: table(50_000), now: 10, isLive: live.isLive, messages: new MemoryDataLog() });
    assert.deepEqual(reply['groups'], ['a', 'b', 'big', 'c']);
    assert.equal(live.looked(), 4);
  });

  it('offset_delete looks at the partitions it names, not at the whole group', () => {
    const live = counting();
    const written = offsetDelete.decide({ group: 'big', partitions: [{ topic: 't', partition: 7 }, { topic: 't', partition: 99_999 }] }, { table: table(50_000), now: 10, isLive: live.isLive, messages: new MemoryDataLog() });
    assert.deepEqual(written.reply, { type: 'offset_delete_ok', deleted: 1 });
    assert.equal(written.records.length, 1);
    assert.ok(live.looked() <= 2, `looked at ${live.looked()} offsets`);
  });
});
