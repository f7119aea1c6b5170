import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeRecordText, encodeRecord, RecordDecoder } from '../../../src/log/format/recordCodec.js';
import { arbitraryRecord, smallName } from '../../helpers/arbitraries.js';

/** Names the shortcut takes (printable ASCII) and names it must leave to the full decode. */
const asciiName = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '~', '}', ','), minLength: 1, maxLength: 8 });
const mixedName = fc.oneof(asciiName, smallName, fc.constant(''));
/** Names that differ in one character, or only in length, so that a decoder mistaking one for the one before shows. */
const lookalikeName = fc.constantFrom('g1', 'h1', 'g2', 'g', 'g11');

/** Records as a consumer writes them: printable names, and metadata that is absent, empty or printable. */
const plainRecord = fc
  .tuple(arbitraryRecord(fc.oneof(asciiName, lookalikeName)), fc.option(fc.oneof(fc.constant(''), asciiName), { nil: undefined }))
  .map(([{ key, value }, metadata]) => ({ key, value: value === null ? null : metadata === undefined ? { offset: value.offset, commitTimestamp: value.commitTimestamp } : { ...value, metadata } }));

/** What the full decode makes of the bytes, or the error it throws. */
function fullDecode(bytes: Buffer): unknown {
  try {
    return decodeRecordText(bytes.toString('utf8'));
  } catch (error) {
    return error;
  }
}

/** What the decoder makes of the bytes, or the error it throws. */
function decoded(decoder: RecordDecoder, bytes: Buffer, start: number, end: number): unknown {
  try {
    return decoder.decode(bytes, start, end);
  } catch (error) {
    return error;
  }
}

/** The bytes inside a larger buffer, so that a decoder reading past `end` would be caught. */
function framed(payload: Buffer): { bytes: Buffer; start: number; end: number } {
  const bytes = Buffer.concat([Buffer.from('xx}}'), payload, Buffer.from('}}"value":null}')]);
  return { bytes, start: 4, end: 4 + payload.length };
}

describe('RecordDecoder', () => {
  it('reads every record the codec writes exactly as the full decode does, taking the shortcut for the common ones', () => {
    let shortcut = 0;
    let tried = 0;
    fc.assert(
      // One decoder reads a whole sequence, as it reads a segment: names repeat from record to record.
      fc.property(fc.array(fc.oneof(plainRecord, arbitraryRecord(mixedName)), { maxLength: 20 }), (records) => {
        const decoder = new RecordDecoder();
        for (const record of records) {
          tried++;
          const { bytes, start, end } = framed(encodeRecord(record));
          const scanned = decoder.decodeCanonical(bytes, start, end);
          if (scanned !== undefined) {
            shortcut++;
            assert.deepEqual(scanned, record);
          }
          if (record.key.group !== '' && record.key.topic !== '') assert.deepEqual(decoder.decode(bytes, start, end), record);
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(shortcut > tried / 4, `the shortcut took only ${shortcut} of ${tried} records`);
  });

  it('never reads damaged or foreign bytes differently from the full decode', () => {
    const canonical = fc.oneof(plainRecord, arbitraryRecord(mixedName)).map((record) => encodeRecord(record));
    const damaged = fc.tuple(canonical, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([payload, at, byte, cut]) => {
      const copy = Buffer.from(payload);
      if (cut) return copy.subarray(0, at % copy.length);
      copy[at % copy.length] = byte;
      return copy;
    });
    fc.assert(
      fc.property(plainRecord, fc.oneof(damaged, fc.uint8Array({ maxLength: 120 }).map((array) => Buffer.from(array))), (before, payload) => {
        const decoder = new RecordDecoder();
        const previous = framed(encodeRecord(before));
        decoder.decode(previous.bytes, previous.start, previous.end);
        const { bytes, start, end } = framed(payload);
        const scanned = decoder.decodeCanonical(bytes, start, end);
        if (scanned !== undefined) assert.deepEqual(scanned, fullDecode(payload));
        assert.deepEqual(decoded(decoder, bytes, start, end), fullDecode(payload));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves numbers that are not safe integers, and names it cannot copy byte for byte, to the full decode', () => {
    const key = '{"key":{"group":"g","partition":0,"topic":"t"},"value":';
    for (const payload of [
      `${key}{"commitTimestamp":1,"offset":9007199254740992}}`,
      `${key}{"commitTimestamp":1,"offset":1e21}}`,
      `${key}{"commitTimestamp":1,"offset":01}}`,
      `${key}{"commitTimestamp":-1,"offset":1}}`,
      '{"key":{"group":"g\\u0041","partition":0,"topic":"t"},"value":null}',
      '{"key":{"group":"","partition":0,"topic":"t"},"value":null}',
    ]) {
      const { bytes, start, end } = framed(Buffer.from(payload));
      assert.equal(new RecordDecoder().decodeCanonical(bytes, start, end), undefined, payload);
    }
  });
});
