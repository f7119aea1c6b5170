import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactSegment } from '../../../src/log/file/compaction.js';
import { FrameBatch } from '../../../src/log/format/frame.js';
import type { OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { recordText } from '../../../src/log/format/recordCodec.js';
import { CorruptLogError } from '../../../src/log/file/corruptLogError.js';
import { readSegment } from '../../../src/log/file/segmentReader.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';

/** A segment holding `records`, numbered from `firstOffset`, as the writer lays it out. */
function segmentOf(records: readonly OffsetRecord[], firstOffset = 0): Buffer {
  const batch = new FrameBatch();
  for (const record of records) batch.add(recordText(record));
  return Buffer.from(batch.seal(firstOffset));
}

/** Every record of a segment, with its log offset; all of them must be whole, checksummed and decodable. */
function framesOf(segment: Buffer): { logOffset: number; record: OffsetRecord }[] {
  const frames: { logOffset: number; record: OffsetRecord }[] = [];
  const end = readSegment(segment, { verify: true }, (record, logOffset) => frames.push({ logOffset, record }));
  assert.deepEqual(end.tail, { kind: 'clean' }, `whole, checksummed records up to byte ${end.validBytes}`);
  return frames;
}

/** Records over a handful of keys, so that histories commit, and delete, the same keys again and again. */
const fewKeysRecord = arbitraryRecord(fc.constantFrom('a', 'b:c', '😀')).map((record) => ({ ...record, key: { ...record.key, partition: record.key.partition % 3 } }));

const keyOf = (record: OffsetRecord): string => JSON.stringify([record.key.group, record.key.topic, record.key.partition]);

/** The rule, written the slow way: each key's newest record, in log order; tombstones go, except the last record. */
function expectedSurvivors(records: readonly OffsetRecord[], firstOffset: number): { logOffset: number; record: OffsetRecord }[] {
  return records
    .map((record, index) => ({ logOffset: firstOffset + index, record, index }))
    .filter(({ record, index }) => !records.slice(index + 1).some((later) => keyOf(later) === keyOf(record)))
    .filter(({ record, index }) => record.value !== null || index === records.length - 1)
    .map(({ logOffset, record }) => ({ logOffset, record }));
}

describe('compactSegment', () => {
  it('keeps the newest record of each key, in log order, with its own log offset and checksum', () => {
    fc.assert(
      fc.property(fc.array(fewKeysRecord, { maxLength: 60 }), fc.nat({ max: 1_000_000 }), (records, firstOffset) => {
        const compacted = compactSegment(segmentOf(records, firstOffset), 'segment');
        const survivors = expectedSurvivors(records, firstOffset);
        assert.deepEqual(framesOf(compacted.bytes), survivors);
        assert.equal(compacted.recordsBefore, records.length);
        assert.equal(compacted.recordsKept, survivors.length);
      }),
    );
  });

  it('keeps a deleted key only when its tombstone is the last record, so log offsets never go back', () => {
    const commit: OffsetRecord = { key: { group: 'g', topic: 't', partition: 0 }, value: { offset: 5, commitTimestamp: 1 } };
    const tombstone: OffsetRecord = { key: commit.key, value: null };
    const other: OffsetRecord = { key: { group: 'g', topic: 't', partition: 1 }, value: { offset: 7, commitTimestamp: 1 } };
    assert.deepEqual(framesOf(compactSegment(segmentOf([commit, tombstone, other]), 's').bytes), [{ logOffset: 2, record: other }]);
    assert.deepEqual(framesOf(compactSegment(segmentOf([other, commit, tombstone]), 's').bytes), [
      { logOffset: 0, record: other },
      { logOffset: 2, record: tombstone },
    ]);
  });

  it('names the file and byte of a record whose key cannot be read', () => {
    const good: OffsetRecord = { key: { group: 'g', topic: 't', partition: 0 }, value: { offset: 5, commitTimestamp: 1 } };
    const batch = new FrameBatch();
    batch.add(recordText(good));
    batch.add('{"key":{"group":"g"}}'); // starts as a record does, but its key never ends
    batch.add(recordText(good)); // a key after it must not be taken for its own
    const segment = Buffer.from(batch.seal(0));
    assert.throws(
      () => compactSegment(segment, 'p-3/segment.log'),
      (error: unknown) => error instanceof CorruptLogError && error.file === 'p-3/segment.log' && error.position === segment.indexOf('{"key":{"group":"g"}}') - 16,
    );
  });
});
