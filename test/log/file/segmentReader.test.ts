import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MissingSegmentError } from '../../../src/log/file/missingSegmentError.js';
import { readSegment, SegmentReader } from '../../../src/log/file/segmentReader.js';
import { FRAME_HEADER_BYTES, FrameBatch } from '../../../src/log/format/frame.js';
import { commitRecord, tombstoneRecord, type OffsetRecord } from '../../../src/log/format/offsetRecord.js';
import { recordText } from '../../../src/log/format/recordCodec.js';
import { arbitraryRecord } from '../../helpers/arbitraries.js';

/** A segment of these payloads, numbered from `firstOffset`, as the writer lays it out. */
function segmentOf(payloads: readonly string[], firstOffset = 0): Buffer {
  const batch = new FrameBatch();
  for (const payload of payloads) batch.add(payload);
  return Buffer.from(batch.seal(firstOffset));
}

interface Visited {
  readonly record: OffsetRecord;
  readonly logOffset: number;
  readonly position: number;
}

function read(bytes: Buffer, verify: boolean): { visited: Visited[]; end: ReturnType<typeof readSegment> } {
  const visited: Visited[] = [];
  const end = readSegment(bytes, { verify }, (record, logOffset, position) => visited.push({ record, logOffset, position }));
  return { visited, end };
}

const records = [commitRecord('analytics', 'orders', 0, 42, 1), commitRecord('grüße', 'o"rders', 1, 7, 2, 'm'), tombstoneRecord('analytics', 'orders', 0)];
const texts = records.map((record) => recordText(record));
/** Where each frame of `segmentOf(texts)` starts. */
const positions = texts.map((_, index) => texts.slice(0, index).reduce((at, text) => at + FRAME_HEADER_BYTES + Buffer.byteLength(text), 0));

describe('the segment reader', () => {
  it('hands over every record with its log offset and frame position, and says the segment ends cleanly', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord()), fc.nat({ max: 2 ** 40 }), fc.boolean(), (list, firstOffset, verify) => {
        const bytes = segmentOf(list.map((record) => recordText(record)), firstOffset);
        const { visited, end } = read(bytes, verify);
        assert.deepEqual(
          visited.map(({ record, logOffset }) => ({ record, logOffset })),
          list.map((record, index) => ({ record, logOffset: firstOffset + index })),
        );
        assert.deepEqual(end, { validBytes: bytes.length, totalBytes: bytes.length, tail: { kind: 'clean' }, records: list.length, nextOffset: list.length === 0 ? 0 : firstOffset + list.length });
      }),
    );
    assert.deepEqual(read(segmentOf(texts), true).visited.map((visit) => visit.position), positions);
  });

  it('stops at a torn tail, having handed over the records before it', () => {
    const bytes = segmentOf(texts, 10);
    const { visited, end } = read(bytes.subarray(0, bytes.length - 2), true);
    assert.deepEqual(visited.map((visit) => visit.record), records.slice(0, 2));
    assert.deepEqual(end, { validBytes: positions[2], totalBytes: bytes.length - 2, tail: { kind: 'torn', bytes: bytes.length - 2 - (positions[2] as number) }, records: 2, nextOffset: 12 });
  });

  it('stops at a checksum that fails when it verifies, and reads past it when it does not', () => {
    const bytes = segmentOf(texts);
    bytes[(positions[1] as number) + 8] = (bytes[(positions[1] as number) + 8] as number) ^ 1; // the stored log offset
    const verified = read(bytes, true);
    assert.deepEqual(verified.visited.map((visit) => visit.record), records.slice(0, 1));
    assert.equal(verified.end.validBytes, positions[1]);
    assert.equal(verified.end.tail.kind, 'corrupt');
    assert.match(verified.end.tail.kind === 'corrupt' ? verified.end.tail.reason : '', /^checksum /);
    assert.deepEqual(read(bytes, false).visited.map((visit) => visit.record), records);
  });

  it('reports a frame whose checksum holds but whose payload is no record as corrupt, at its position, verifying or not', () => {
    const bytes = segmentOf([texts[0] as string, '{"key":{"group":"g","partition":0,"topic":"t"},"value":{"offset":-1,"commitTimestamp":0}}', texts[2] as string]);
    for (const verify of [true, false]) {
      const { visited, end } = read(bytes, verify);
      assert.deepEqual(visited.map((visit) => visit.record), records.slice(0, 1));
      assert.deepEqual(end, {
        validBytes: positions[1],
        totalBytes: bytes.length,
        tail: { kind: 'corrupt', reason: 'record value has no valid offset: an integer from 0 to 2^53-1 expected, got -1' },
        records: 1,
        nextOffset: 1,
      });
    }
  });

  describe('reading files', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'offsetlog-segment-reader-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a missing file (it is no empty segment), reads a smaller file after a larger one, and only the first bytes when limited', () => {
      const large = join(dir, 'large.log');
      const small = join(dir, 'small.log');
      const many = Array.from({ length: 50 }, (_, index) => commitRecord(`group-${index}`, 'orders', index, index, index));
      writeFileSync(large, segmentOf(many.map((record) => recordText(record))));
      writeFileSync(small, segmentOf(texts));
      const reader = new SegmentReader({ verify: true });
      const seen: OffsetRecord[] = [];
      assert.equal(reader.readFile(large, (record) => seen.push(record)).records, many.length);
      assert.equal(reader.readFile(small, (record) => seen.push(record)).records, records.length);
      assert.deepEqual(seen, [...many, ...records]);
      assert.throws(() => reader.readFile(join(dir, 'missing.log')), new MissingSegmentError(join(dir, 'missing.log')));
      const limited: OffsetRecord[] = [];
      const end = reader.readFile(small, (record) => limited.push(record), positions[2]);
      assert.deepEqual(limited, records.slice(0, 2));
      assert.deepEqual(end.tail, { kind: 'clean' });
    });
  });
});
