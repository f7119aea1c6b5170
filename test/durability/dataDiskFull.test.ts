import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bodies, init, poll, send } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';
import { mountTinyDisk } from '../helpers/tinyDisk.js';

const KEYS = ['a', 'b', 'c'];

describe('a full disk under sends', () => {
  it('refuses the sends it could not write with a definite error, leaves no hole, and keeps serving polls', async (t) => {
    const disk = mountTinyDisk();
    if (typeof disk === 'string') {
      t.skip(disk);
      return;
    }
    try {
      const env = { OFFSETLOG_DATA_DIR: join(disk.dir, 'data') };
      // Far more than 1 MiB of messages: the disk fills partway through.
      const big = 'm'.repeat(4000);
      const flood = Array.from({ length: 400 }, (_, i) => send(10 + i, KEYS[i % KEYS.length] as string, `${i} ${big}`));
      const first = await runNodeProcess(`${[init, ...flood].join('\n')}\n`, env);
      assert.equal(first.exitCode, 0, first.stderr);
      const replies = bodies(linesOf(first.stdout)).slice(1);
      const refused = replies.filter((body) => body['type'] === 'error');
      assert.ok(refused.length > 0, 'the disk filled up');
      for (const body of refused) assert.equal(body['code'], 11, JSON.stringify(body));
      // Every acknowledged send holds its offset, and each key's acknowledged offsets are 0, 1, 2, … with no gap.
      const acknowledged = new Map<string, [number, string][]>(KEYS.map((key) => [key, []]));
      replies.forEach((body, i) => {
        if (body['type'] === 'send_ok') acknowledged.get(KEYS[i % KEYS.length] as string)?.push([body['offset'] as number, `${i} ${big}`]);
      });
      for (const [key, sent] of acknowledged) assert.ok(sent.length > 0, `sends to ${key} were acknowledged before the disk filled`);
      for (const [key, sent] of acknowledged) assert.deepEqual(sent.map(([offset]) => offset), sent.map((_, index) => index), `offsets of ${key}`);

      // After a restart, a poll of each key from 0 reads exactly its acknowledged messages, from disk (1 MiB
      // holds fewer than the 100 a poll returns a key, and one key's fit in a reply).
      const second = await runNodeProcess(`${KEYS.map((key, i) => poll(i + 1, [[key, 0]])).join('\n')}\n`, env);
      assert.equal(second.exitCode, 0, second.stderr);
      bodies(linesOf(second.stdout)).forEach((body, i) => {
        const key = KEYS[i] as string;
        assert.deepEqual((body['msgs'] as Record<string, unknown>)[key] ?? [], acknowledged.get(key), `messages of ${key}`);
      });
    } finally {
      disk.unmount();
    }
  });
});
