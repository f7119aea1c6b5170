import fc from 'fast-check';
import type { OffsetRecord } from '../../src/log/format/offsetRecord.js';

/** Names from a small alphabet, so random histories hit the same keys again and again. */
export const smallName = fc.constantFrom('a', 'b', 'a:b', 'b:c', '__proto__', 'constructor', 'grüße', '😀', 'x\u0000y');
export const anyName = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
export const index = fc.oneof(fc.nat({ max: 3 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.nat());

export function arbitraryRecord(name: fc.Arbitrary<string> = anyName, tombstones = true): fc.Arbitrary<OffsetRecord> {
  const value = fc.record(
    { offset: index, commitTimestamp: fc.nat(), metadata: fc.string({ unit: 'binary' }) },
    { requiredKeys: ['offset', 'commitTimestamp'], noNullPrototype: true },
  );
  return fc.record(
    {
      key: fc.record({ group: name, topic: name, partition: index }, { noNullPrototype: true }),
      value: tombstones ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value,
    },
    { noNullPrototype: true },
  );
}
