import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeRecord, encodeRecord, keyText, peekRecordKey, recordText, recordTextWithKey, RecordFormatError } from '../../../src/log/format/recordCodec.js';
import type { OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { partitionFor } from '../../../src/log/partitionFor.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';

describe('record encoding', () => {
  it('round-trips every record, lone surrogates and NUL included', () => {
    fc.assert(
      fc.property(arbitraryRecord(), (record) => {
        assert.deepEqual(decodeRecord(encodeRecord(record)), record);
      }),
    );
  });

  it('gives the same text from a cached key text and the value as from the whole record', () => {
    fc.assert(
      fc.property(arbitraryRecord(), (record) => {
        assert.equal(recordTextWithKey(keyText(record.key), record.value), recordText(record));
      }),
    );
  });

  it('reads the key and tombstone flag off the bytes exactly as a full decode would', () => {
    const keyOf = (record: OffsetRecord) => JSON.stringify([record.key.group, record.key.topic, record.key.partition]);
    fc.assert(
      fc.property(arbitraryRecord(fc.string({ unit: 'binary', minLength: 1 }).map((s) => `${s}},"value":null}`)), arbitraryRecord(), (a, b) => {
        for (const record of [a, b]) {
          const peeked = peekRecordKey(encodeRecord(record));
          assert.equal(peeked.tombstone, record.value === null);
          assert.equal(peeked.key === peekRecordKey(encodeRecord(a)).key, keyOf(record) === keyOf(a), 'equal keys give equal key bytes, and only they');
        }
      }),
    );
  });

  it('gives the same bytes whatever order the fields were built in', () => {
    const a: OffsetRecord = { key: { group: 'g', topic: 't', partition: 1 }, value: { offset: 2, commitTimestamp: 3 } };
    const b = { value: { commitTimestamp: 3, offset: 2 }, key: { partition: 1, topic: 't', group: 'g' } } as OffsetRecord;
    assert.equal(encodeRecord(a).toString(), encodeRecord(b).toString());
    assert.equal(encodeRecord(a).toString(), '{"key":{"group":"g","partition":1,"topic":"t"},"value":{"commitTimestamp":3,"offset":2}}');
  });

  it('encodes a tombstone as a null value', () => {
    assert.equal(encodeRecord({ key: { group: 'g', topic: 't', partition: 0 }, value: null }).toString(), '{"key":{"group":"g","partition":0,"topic":"t"},"value":null}');
  });

  it('refuses damaged records, saying what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['{"key":', /not JSON/],
      ['[]', /not an object/],
      ['{"key":{"group":"g","partition":-1,"topic":"t"},"value":null}', /partition/],
      ['{"key":{"group":"g","partition":0,"topic":"t"},"value":{"offset":"1","commitTimestamp":0}}', /offset/],
      ['{"key":{"group":"","partition":0,"topic":"t"},"value":null}', /group/],
      ['{"key":{"group":"g","partition":0,"topic":"t"},"value":7}', /neither an object nor null/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => decodeRecord(Buffer.from(text)), (error: unknown) => error instanceof RecordFormatError && message.test(error.message), text);
    }
  });
});

describe('partitionFor', () => {
  it('places groups where Kafka does: abs(String.hashCode) mod partitions', () => {
    // Java: "hello".hashCode() == 99162322, "analytics".hashCode() == -1693017210
    assert.equal(partitionFor('hello', 50), 22);
    assert.equal(partitionFor('analytics', 50), 10);
    assert.equal(partitionFor('', 50), 0);
  });

  it('maps a hashCode of Integer.MIN_VALUE to partition 0, as Kafka Utils.abs does', () => {
    assert.equal(partitionFor('polygenelubricants', 50), 0);
    assert.equal(partitionFor('polygenelubricants', 7), 0);
  });

  it('always lands inside the partition range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 1000 }), (group, count) => {
        const partition = partitionFor(group, count);
        assert.ok(Number.isInteger(partition) && partition >= 0 && partition < count);
      }),
    );
  });
});
