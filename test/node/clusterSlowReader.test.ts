import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { runStdioNode } from '../../src/node/stdioNode.js';
import { requestLine } from '../helpers/requestLines.js';

const MiB = 1024 * 1024;
const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);
const groupOfN2 = (): string => {
  for (let n = 0; ; n++) if (ownership.ofGroup(`g${n}`) === 'n2') return `g${n}`;
};

/**
 * stdout is also the cluster's network: what the node sends of its own (forwards, relayed answers,
 * refusals) must be held back by a reader that does not read, as its replies are (stdioNode.test.ts),
 * or a client that floods requests for a peer's groups grows the node's memory without bound.
 */
describe('a cluster node whose stdout is never read', () => {
  it(
    'stops taking input once what it wrote of its own is not drained',
    { timeout: 120_000 },
    async () => {
      const input = new PassThrough();
      const output = new Writable({ highWaterMark: 1024, write: () => {} });
      const node = new OffsetNode({ log: new MemoryLog(), forwardTimeoutMs: 600_000 });
      const running = runStdioNode(node, input, output, () => {});
      running.catch(() => {});
      const group = groupOfN2();
      const lines = 600;
      const writer = (async (): Promise<'all taken'> => {
        const init = requestLine('init', 0, { node_id: 'n1', node_ids: NODES }, { src: 'c0' });
        if (!input.write(`${init}\n`)) await once(input, 'drain');
        for (let i = 1; i <= lines; i++) {
          const line = requestLine('fetch_offset', i, { group, topic: 't', partition: 0, pad: 'x'.repeat(100_000) });
          if (!input.write(`${line}\n`)) await once(input, 'drain');
        }
        return 'all taken';
      })();
      const outcome = await Promise.race([writer, once(input, 'pause').then(() => 'paused' as const)]);
      // Only for the message: let the node take in what the pipe still holds.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      const unread = output.writableLength;
      input.destroy();
      assert.equal(outcome, 'paused', `stdin was never paused: all ${lines} requests of 100 kB were read, and already ${Math.round(unread / MiB)} MiB of its own lines wait for a reader that never reads`);
      assert.ok(unread <= 40 * MiB, `${Math.round(unread / MiB)} MiB of the node's own lines wait unread`);
    },
  );
});
