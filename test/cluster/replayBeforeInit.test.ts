import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { replaySession } from '../../src/replay/replaySession.js';
import { RecordingHandler } from '../../src/replay/recordingHandler.js';
import { readTranscript } from '../../src/replay/transcript.js';
import { bodies, fetch, requestLine } from '../helpers/requestLines.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);
const groupOf = (owner: string): string => {
  for (let n = 0; ; n++) if (ownership.ofGroup(`g${n}`) === owner) return `g${n}`;
};
const clusterInit = requestLine('init', 1, { node_id: 'n1', node_ids: NODES }, { src: 'c0' });

/** Records node n1 given `batches` as they are, then input ends; the replay of its transcript. */
async function recordedAndReplayed(dir: string, batches: readonly (readonly string[])[]): Promise<Awaited<ReturnType<typeof replaySession>>> {
  const path = join(dir, `${Math.random()}.jsonl`);
  const node = new OffsetNode({ log: new MemoryLog(), clock: () => 5_000, forwardTimeoutMs: 600_000 });
  const recorder = new RecordingHandler(node, path, { forwardTimeoutMs: 600_000 }, () => 5_000);
  recorder.connect(() => {});
  for (const batch of batches) await recorder.handleLines(batch);
  await recorder.finish();
  await new Promise((resolve) => setImmediate(resolve));
  recorder.close();
  return replaySession(readTranscript(path));
}

/**
 * A faithful run replays as matched, whatever came before init: a client that is early, or a
 * harness that sends a line before init, is no reason to call the run different.
 */
describe('replaying a cluster node that got a line before its init', () => {
  it(
    'matches when the early line and a cluster init come in one batch',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offsetlog-replay-early-'));
      try {
        const result = await recordedAndReplayed(dir, [[fetch(2, groupOf('n1')), clusterInit]]);
        assert.equal(result.mismatch, undefined, JSON.stringify(result.mismatch));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'matches when the early line comes alone and the node then forwards',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offsetlog-replay-early-'));
      try {
        const result = await recordedAndReplayed(dir, [[fetch(2, groupOf('n1'))], [clusterInit, fetch(3, groupOf('n2'))]]);
        assert.equal(result.mismatch, undefined, JSON.stringify(result.mismatch));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'matches when a {node_id} data directory had the node refuse the early line with 11',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offsetlog-replay-early-'));
      try {
        const record = join(dir, 'n1.jsonl');
        const input = [fetch(2, groupOf('n1')), requestLine('init', 1, { node_id: 'n1', node_ids: ['n1'] }, { src: 'c0' })];
        const run = await runNodeProcess(`${input.join('\n')}\n`, { OFFSETLOG_DATA_DIR: join(dir, '{node_id}'), OFFSETLOG_RECORD: record });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.deepEqual(bodies(linesOf(run.stdout)).map((body) => body['code'] ?? body['type']), [11, 'init_ok'], 'the early line was refused');
        const result = await replaySession(readTranscript(record));
        assert.equal(result.mismatch, undefined, JSON.stringify(result.mismatch));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
