import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeValue } from '../../src/protocol/describeValue.js';

describe('describeValue', () => {
  it('shows a value as JSON.stringify does, cut to 60 characters, with its type', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        if (value === null || typeof value === 'number') return;
        const full = JSON.stringify(value);
        const shown = full.length > 60 ? `${full.slice(0, 57)}...` : full;
        const kind = Array.isArray(value) ? 'array' : typeof value;
        assert.equal(describeValue(value), kind === 'boolean' ? shown : `${shown} (${kind})`);
      }),
    );
  });

  it('describes a value nested far deeper than the stack allows', () => {
    let deep: unknown = 'x';
    for (let depth = 0; depth < 200_000; depth++) deep = [deep];
    assert.equal(describeValue(deep), `${'['.repeat(57)}... (array)`);
  });
});
