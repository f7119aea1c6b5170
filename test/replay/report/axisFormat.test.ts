import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { niceTicks } from '../../../src/replay/report/page/axisFormat.js';

describe('axis ticks', () => {
  it('are round values inside the range', () => {
    assert.deepEqual(niceTicks(0, 100, 4), [0, 50, 100]);
    assert.deepEqual(niceTicks(-3, 12, 5), [0, 5, 10]);
    assert.deepEqual(niceTicks(1_000_000_000_000, 1_000_000_000_002, 4), [1_000_000_000_000, 1_000_000_000_000.5, 1_000_000_000_001, 1_000_000_000_001.5, 1_000_000_000_002]);
    assert.deepEqual(niceTicks(0.1, 0.35, 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    assert.deepEqual(niceTicks(5, 5, 4), [5]);
  });

  it('end, few and distinct, where a step is too small to move a float (offsets near 2^53)', () => {
    const ticks = niceTicks(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER + 1, 4);
    assert.ok(ticks.length >= 1 && ticks.length <= 20, `${ticks.length} ticks`);
    assert.equal(new Set(ticks).size, ticks.length);
    for (const tick of ticks) assert.ok(tick >= Number.MAX_SAFE_INTEGER - 1 && tick <= Number.MAX_SAFE_INTEGER + 1, `${tick} lies outside`);
  });
});
