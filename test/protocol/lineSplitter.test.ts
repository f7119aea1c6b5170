import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineSplitter } from '../../src/protocol/lineSplitter.js';
import { cutAt } from '../helpers/cutAt.js';

function splitAll(chunks: readonly (Buffer | string)[], maxLineChars?: number): { lines: string[]; oversized: number[] } {
  const oversized: number[] = [];
  const splitter = new LineSplitter((length) => oversized.push(length), maxLineChars);
  const lines = chunks.flatMap((chunk) => splitter.push(chunk));
  lines.push(...splitter.end());
  return { lines, oversized };
}

describe('LineSplitter', () => {
  it('gives the same lines however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\n') && s.trim() === s && s.length > 0)), fc.array(fc.nat()), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
        const chunks = cutAt([...bytes], cuts).map((piece) => Buffer.from(piece));
        assert.deepEqual(splitAll(chunks).lines, lines);
      }),
    );
  });

  it('decodes a multi-byte character split across two chunks', () => {
    const bytes = Buffer.from('{"group":"grüße 😀"}\n', 'utf8');
    const cut = bytes.indexOf(0x9f); // inside the emoji's four bytes
    assert.deepEqual(splitAll([bytes.subarray(0, cut), bytes.subarray(cut)]).lines, ['{"group":"grüße 😀"}']);
  });

  it('keeps a final line that has no newline, drops \\r and skips blank lines', () => {
    assert.deepEqual(splitAll(['a\r\n\n   \nb', 'c']).lines, ['a', 'bc']);
  });

  it('drops a line longer than the limit without holding it, and keeps the lines around it', () => {
    const { lines, oversized } = splitAll(['first\n', 'x'.repeat(6), 'x'.repeat(6), 'x'.repeat(6), '\nlast\n'], 10);
    assert.deepEqual(lines, ['first', 'last']);
    assert.deepEqual(oversized, [18]);
  });

  it('drops an oversized line that arrives in one chunk, and one cut off by the end of input', () => {
    const { lines, oversized } = splitAll(['ok\n', `${'y'.repeat(11)}\nok2\n`, 'z'.repeat(30)], 10);
    assert.deepEqual(lines, ['ok', 'ok2']);
    assert.deepEqual(oversized, [11, 30]);
  });

  it('keeps a CRLF line of exactly the limit and drops one a character longer, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.nat({ max: 13 }), fc.nat({ max: 13 }), (firstCut, secondCut) => {
        const [a, b] = [firstCut, secondCut].sort((x, y) => x - y) as [number, number];
        const atLimit = `${'x'.repeat(10)}\r\nnext\n`;
        assert.deepEqual(splitAll([atLimit.slice(0, a), atLimit.slice(a, b), atLimit.slice(b)], 10).lines, ['x'.repeat(10), 'next']);
        const overLimit = `${'x'.repeat(11)}\r\nnext\n`;
        assert.deepEqual(splitAll([overLimit.slice(0, a), overLimit.slice(a, b), overLimit.slice(b)], 10).lines, ['next']);
      }),
    );
  });
});
