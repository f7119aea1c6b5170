import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lowerBound, pickMarkers, stepLinePath, type Scale } from '../../../src/replay/report/page/downsample.js';

// Mark kinds as the page numbers them: commit sets the line, error leaves it, delete ends it.
const effect = new Int8Array([1, 0, -1]);
const [COMMIT, ERROR, DELETE] = [0, 1, 2];
const identity: Scale = { from: 0, origin: 0, factor: 1 };
const flipped: Scale = { from: 0, origin: 100, factor: -1 };

function series(marks: readonly (readonly [x: number, kind: number, offset: number])[]) {
  return {
    x: new Float64Array(marks.map(([x]) => x)),
    kind: new Int8Array(marks.map(([, kind]) => kind)),
    offset: new Float64Array(marks.map(([, , offset]) => offset)),
    from: 0,
    to: marks.length,
  };
}

describe('thinning a series for drawing', () => {
  it('draws a few marks as they are: runs, rises and a gap where the offset was deleted', () => {
    const marks = series([[10, COMMIT, 5], [20, COMMIT, 8], [30, ERROR, 99], [40, DELETE, 8], [50, COMMIT, 2]]);
    const path = stepLinePath(marks, effect, { x0: 0, x1: 100, endX: 60 }, identity, flipped);
    assert.equal(path, 'M10 95.0H20M20 95.0V92.0M20 92.0H40M50 98.0H60', 'a refused commit changes nothing, a delete ends the line');
  });

  it('starts at the offset standing before the view, and stops where the view does', () => {
    const marks = series([[10, COMMIT, 5], [20, ERROR, 1], [200, COMMIT, 7]]);
    assert.equal(stepLinePath(marks, effect, { x0: 100, x1: 150, endX: 300 }, identity, flipped), 'M100 95.0H150');
  });

  it('keeps the path size to the chart width, however many marks, with the extremes of each pixel column', () => {
    const count = 200_000;
    const marks: [number, number, number][] = [];
    for (let i = 0; i < count; i++) marks.push([i, COMMIT, i % 1000 === 500 ? 0 : i]); // a sharp dip now and then
    const scale: Scale = { from: 0, origin: 0, factor: 500 / count };
    const path = stepLinePath(series(marks), effect, { x0: 0, x1: count, endX: count }, scale, identity);
    const commands = path.match(/[MVH]/g)?.length ?? 0;
    assert.ok(commands <= 4 * 501, `${commands} path commands for 500 pixels`);
    assert.match(path, /V0\.0|^M0 0\.0/, 'the dips to 0 are still drawn');
    assert.ok(path.includes(`${count - 1}.0`), 'and so is the highest value');
  });

  it('picks one marker per kind per bucket, and every marker when they are far apart', () => {
    const x = new Float64Array([0, 1, 2, 3, 10, 11]);
    const kind = new Int8Array([COMMIT, COMMIT, ERROR, COMMIT, COMMIT, COMMIT]);
    assert.deepEqual(pickMarkers(x, kind, 0, 6, { x0: 0, x1: 20 }, identity, 4), [0, 2, 4]);
    assert.deepEqual(pickMarkers(x, kind, 0, 6, { x0: 2, x1: 10 }, identity, 1), [2, 3, 4]);
  });

  it('finds where x starts within a range', () => {
    const x = new Float64Array([1, 3, 3, 7]);
    assert.deepEqual([0, 1, 3, 4, 8].map((at) => lowerBound(x, 0, 4, at)), [0, 0, 1, 3, 4]);
    assert.equal(lowerBound(x, 2, 3, 0), 2);
  });
});
