import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32Range } from '../../../src/log/format/crc32.js';

describe('crc32Range', () => {
  it('gives zlib’s CRC-32 of any range of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        assert.equal(crc32Range(bytes, start, end), crc32(bytes.subarray(start, end)));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the standard check value', () => {
    // The CRC-32 of "123456789" is 0xcbf43926 in every catalogue of CRCs.
    assert.equal(crc32Range(Buffer.from('123456789'), 0, 9), 0xcbf43926);
  });
});
