import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyFor, seededRandom, workloadLines } from '../bench/workload.js';
import { linesOf, runNodeProcess } from './helpers/runNodeProcess.js';

/**
 * Hundreds of thousands of requests from eight interleaved clients, through the real node
 * process, each reply checked against a plain Map kept alongside.
 */
describe('a long session through bin/offsetlog-node', () => {
  it('answers 200,000 requests over 20,000 keys, every one correctly', async () => {
    const options = { requests: 200_000, keys: 20_000, commitShare: 0.6, seed: 11 };
    const input = [...workloadLines(options)];
    const run = await runNodeProcess(`${input.join('\n')}\n`);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stderr, '');
    const replies = linesOf(run.stdout).map((line) => JSON.parse(line) as { src: string; dest: string; body: Record<string, unknown> });
    assert.equal(replies.length, input.length);

    const model = new Map<string, number>();
    input.forEach((line, i) => {
      const request = JSON.parse(line) as { src: string; body: Record<string, unknown> };
      const reply = replies[i];
      assert.ok(reply !== undefined);
      assert.equal(reply.dest, request.src);
      assert.equal(reply.body['in_reply_to'], request.body['msg_id']);
      assert.equal(reply.body['msg_id'], i);
      const key = JSON.stringify([request.body['group'], request.body['topic'], request.body['partition']]);
      if (request.body['type'] === 'commit_offset') {
        model.set(key, request.body['offset'] as number);
        assert.equal(reply.body['type'], 'commit_offset_ok');
      } else if (request.body['type'] === 'fetch_offset') {
        assert.deepEqual(reply.body, { type: 'fetch_offset_ok', in_reply_to: request.body['msg_id'], offset: model.get(key) ?? 0, msg_id: i });
      }
    });
  });

  it('uses a workload generator that repeats itself for a seed', () => {
    assert.deepEqual([...workloadLines({ requests: 50, keys: 10, commitShare: 0.5, seed: 3 })], [...workloadLines({ requests: 50, keys: 10, commitShare: 0.5, seed: 3 })]);
    assert.notDeepEqual([...workloadLines({ requests: 50, keys: 10, commitShare: 0.5, seed: 3 })], [...workloadLines({ requests: 50, keys: 10, commitShare: 0.5, seed: 4 })]);
    const random = seededRandom(1);
    const groups = new Set(Array.from({ length: 1000 }, () => keyFor(Math.floor(random() * 1000)).group));
    assert.equal(groups.size, 100, 'a thousand keys spread over a hundred groups');
  });
});
