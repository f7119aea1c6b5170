import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hashString, hashTopicPartition } from '../../src/state/hashKey.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

/** How many distinct values `hash` gives the inputs: a 32-bit hash of a few thousand keys should give as many. */
function distinct<T>(inputs: readonly T[], hash: (input: T) => number): number {
  return new Set(inputs.map(hash)).size;
}

describe('the table hashes', () => {
  it('are 32-bit values, the same for the same key within a process', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.maxSafeNat(), (name, partition) => {
        const hash = hashTopicPartition(name, partition);
        assert.ok(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32);
        assert.equal(hashTopicPartition(name, partition), hash);
        assert.equal(hashString(name), hashString(name));
      }),
    );
  });

  it('spread the keys an unkeyed hash let a client collide: partitions that share their low or high half, names that differ by one unit', () => {
    const partitions = Array.from({ length: 4096 }, (_, i) => (i % 64) * 2 ** 32 + Math.floor(i / 64));
    assert.equal(distinct(partitions, (partition) => hashTopicPartition('t', partition)), partitions.length);
    const names = Array.from({ length: 4096 }, (_, i) => `g${String.fromCharCode(i)}`);
    assert.equal(distinct(names, hashString), names.length);
    assert.notEqual(hashString('t'), hashTopicPartition('t', 0), 'a name alone and a name with partition 0 absorb different words');
  });

  it('are keyed per process: another process places the same names elsewhere', () => {
    const script = `import { hashString } from '${repoRoot}dist/src/state/hashKey.js'; console.log(JSON.stringify(['a', 'group-1', 'orders'].map(hashString)));`;
    const runs = [0, 1].map(() => spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout.trim());
    assert.notEqual(runs[0], runs[1]);
    assert.notEqual(runs[0], JSON.stringify(['a', 'group-1', 'orders'].map(hashString)));
  });
});
