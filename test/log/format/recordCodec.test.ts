import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { commitRecord, tombstoneRecord, type OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { decodeRecord, encodeRecord, keyText, peekRecordKey, recordText, recordTextWithKey, RecordFormatError } from '../../../src/log/format/recordCodec.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';

/** The records whose exact bytes fixtures/records/ holds, by fixture name. */
const golden: [string, OffsetRecord][] = [
  ['commit', commitRecord('analytics', 'orders', 3, 42, 1763812800000)],
  ['commit-with-metadata', commitRecord('analytics', 'orders', 0, Number.MAX_SAFE_INTEGER, 1763812800001, 'consumer-1 generation 4')],
  ['tombstone', tombstoneRecord('analytics', 'orders', 3)],
  ['name-needing-escapes', commitRecord('q"b\\s\n\t\u0000\u001f', 'lone \ud800 surrogate', 0, 0, 0, '')],
  ['non-ascii-name', commitRecord('grüße', '注文 😀', 1, 7, 1763812800002)],
];

describe('record codec', () => {
  for (const [name, record] of golden) {
    it(`writes exactly the bytes of fixtures/records/${name}.json, and reads them back`, () => {
      const fixture = readFileSync(`${repoRoot}fixtures/records/${name}.json`);
      assert.equal(encodeRecord(record).toString('hex'), fixture.toString('hex'));
      assert.deepStrictEqual(decodeRecord(fixture), record);
    });
  }

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

  it('refuses damaged records, saying what was expected and what came', () => {
    const cases: [string, RegExp][] = [
      ['{"key":', /not JSON/],
      ['[]', /not an object: \[\]/],
      ['{"key":{"group":"g","partition":-1,"topic":"t"},"value":null}', /partition: an integer from 0 to 2\^53-1 expected, got -1/],
      ['{"key":{"group":"g","partition":0,"topic":"t"},"value":{"offset":"1","commitTimestamp":0}}', /offset: an integer from 0 to 2\^53-1 expected, got "1"/],
      ['{"key":{"group":"","partition":0,"topic":"t"},"value":null}', /group: a non-empty string expected, got ""/],
      ['{"key":{"group":"g","partition":0},"value":null}', /topic: a non-empty string expected, got nothing/],
      ['{"key":{"group":"g","partition":0,"topic":"t"},"value":7}', /neither an object nor null: 7/],
      ['{"key":{"group":"g","partition":0,"topic":"t"},"value":{"offset":1,"commitTimestamp":0,"metadata":5}}', /metadata is not a string: 5/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => decodeRecord(Buffer.from(text)), (error: unknown) => error instanceof RecordFormatError && message.test(error.message), text);
    }
  });
});
