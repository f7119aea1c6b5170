import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { replaySession } from '../../src/replay/replaySession.js';
import { readTranscript } from '../../src/replay/transcript.js';
import { InProcessCluster } from '../helpers/inProcessCluster.js';
import { commit, fetch, listGroups, poll, send } from '../helpers/requestLines.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);

function firstOwnedBy(owner: string, prefix: string, of: (name: string) => string): string {
  for (let n = 0; ; n++) if (of(`${prefix}${n}`) === owner) return `${prefix}${n}`;
}

/** A recorded run of three nodes: forwards answered, forwards given up while n3 was cut off, answers that came too late. */
async function recordRun(dir: string): Promise<void> {
  let now = 1_000;
  const cluster = new InProcessCluster(NODES, { clock: () => now, forwardTimeoutMs: 100, record: (id) => join(dir, `${id}.jsonl`) });
  const [g1, g3] = [firstOwnedBy('n1', 'g', (name) => ownership.ofGroup(name)), firstOwnedBy('n3', 'g', (name) => ownership.ofGroup(name))];
  const [k2, k3] = [firstOwnedBy('n2', 'k', (name) => ownership.ofKey(name)), firstOwnedBy('n3', 'k', (name) => ownership.ofKey(name))];
  let msgId = 10;
  for (const dest of NODES) {
    await cluster.request(dest, commit(msgId++, g1, msgId, 0, { dest }));
    await cluster.request(dest, commit(msgId++, g3, msgId, 0, { dest }));
    await cluster.request(dest, send(msgId++, k2, msgId, { dest }));
    await cluster.request(dest, send(msgId++, k3, msgId, { dest }));
  }
  cluster.cut('n3');
  cluster.deliver('n1', fetch(msgId++, g3, 0, { dest: 'n1' }));
  cluster.deliver('n2', commit(msgId++, g3, 99, 0, { dest: 'n2' }));
  await cluster.settle();
  // Time passes: the next input finds those forwards given up, before it is taken in.
  now += 500;
  await cluster.request('n1', poll(msgId++, [[k2, 0], [k3, 0]], { dest: 'n1' }));
  cluster.heal();
  await cluster.settle();
  for (const dest of NODES) await cluster.request(dest, listGroups(msgId++, { dest }));
  cluster.deliver('n1', fetch(msgId++, g1, 0, { dest: 'n1' }));
  cluster.cut('n2');
  cluster.deliver('n2', fetch(msgId++, g3, 0, { dest: 'n2' }));
  await cluster.finish();
}

describe('replaying one node of a cluster run', () => {
  it('gives every recorded line again, forwards, relayed answers and timeouts alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-cluster-replay-'));
    try {
      await recordRun(dir);
      for (const id of NODES) {
        const result = await replaySession(readTranscript(join(dir, `${id}.jsonl`)));
        assert.equal(result.mismatch, undefined, `${id}: ${JSON.stringify(result.mismatch)}`);
        assert.ok(result.repliesCompared >= 10, `${id} compared ${result.repliesCompared}`);
        assert.equal(result.repliesCompared, result.recordedReplies);
      }
      const recorded = readFileSync(join(dir, 'n1.jsonl'), 'utf8');
      assert.match(recorded, /no answer from n3/, 'the run gave up on a forward');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a relayed answer that differs from the recording', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-cluster-replay-'));
    try {
      await recordRun(dir);
      const path = join(dir, 'n2.jsonl');
      const lines = readFileSync(path, 'utf8').split('\n');
      const at = lines.findIndex((line) => line.includes('send_ok') && line.includes('\\"dest\\":\\"c1\\"'));
      assert.ok(at > 0);
      lines[at] = (lines[at] as string).replace(/\\"offset\\":\d+/, '\\"offset\\":7');
      writeFileSync(path, lines.join('\n'));
      const result = await replaySession(readTranscript(path));
      assert.match(String(result.mismatch?.expected), /"offset":7/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
