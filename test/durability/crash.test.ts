import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { segmentPath } from '../../src/log/file/dataDirectory.js';
import { DEFAULT_LOG_PARTITIONS } from '../../src/log/partitionFor.js';
import { bodies, commit, fetch, init } from '../helpers/requestLines.js';
import { linesOf, nodeBin, runNodeProcess } from '../helpers/runNodeProcess.js';

/** Rounds in the suite; `npm run crash-test` runs 400. A failure names the seed and round to repeat it with. */
const ROUNDS = Number(process.env['OFFSETLOG_CRASH_ROUNDS'] ?? 25);
const SEED = Number(process.env['OFFSETLOG_CRASH_SEED'] ?? 2024);
const KEYS = Array.from({ length: 24 }, (_, i) => ({ group: `group-${i % 8}`, topic: i % 2 === 0 ? 'orders' : 'payments', partition: i % 3 }));

interface KeyHistory {
  readonly sent: Set<number>;
  lastAcked: number | undefined;
}

/** What one round does, drawn from the seeded random before the node starts, so the draws never depend on timing. */
interface RoundPlan {
  /** kill -9 once this many commits are acknowledged; 0 kills at once, maybe mid-recovery. */
  readonly killAfterAcks: number;
  /** Commits written ahead of their acknowledgements, topped up before each kill check: those still in flight when the kill lands. */
  readonly window: number;
  /** Each commit's key; its offset and msg_id come from a counter. There are always more than killAfterAcks. */
  readonly keys: readonly number[];
}

function planRound(random: () => number): RoundPlan {
  const killAfterAcks = random() < 0.1 ? 0 : 1 + Math.floor(random() * random() * 3000);
  const window = 1 + Math.floor(random() * 2000);
  const keys = Array.from({ length: killAfterAcks + window }, () => Math.floor(random() * KEYS.length));
  return { killAfterAcks, window, keys };
}

/**
 * Streams a round's commits into a durable node, at most `window` unacknowledged at a time, and
 * SIGKILLs it as soon as `killAfterAcks` commit_offset_ok replies have been read. Offsets only
 * grow, so "no acknowledged commit lost" reads: after a restart each key fetches an offset that
 * was sent for it, and none older than the last one acknowledged.
 */
function runUntilKilled(dataDir: string, plan: RoundPlan, history: KeyHistory[], counter: { next: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [], {
      env: { ...process.env, OFFSETLOG_DATA_DIR: dataDir, OFFSETLOG_COMPACTION_MIN_RECORDS: '64' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pending = new Map<number, { key: number; offset: number }>();
    let written = 0;
    let acked = 0;
    let killed = false;
    let failure: Error | undefined;
    let stdout = '';
    let stderr = '';
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const topUp = () => {
      const lines: string[] = [];
      while (written < plan.keys.length && written - acked < plan.window) {
        const key = plan.keys[written++] as number;
        const offset = counter.next++;
        const msgId = counter.next;
        const { group, topic, partition } = KEYS[key] as (typeof KEYS)[number];
        pending.set(msgId, { key, offset });
        (history[key] as KeyHistory).sent.add(offset);
        lines.push(commit(msgId, group, offset, partition, { topic }));
      }
      if (lines.length > 0) child.stdin.write(`${lines.join('\n')}\n`);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const body of bodies(lines)) {
        const sent = pending.get(body['in_reply_to'] as number);
        if (sent === undefined) continue;
        if (body['type'] !== 'commit_offset_ok') {
          failure ??= new Error(`expected commit_offset_ok, got ${JSON.stringify(body)}`);
          kill();
          return;
        }
        pending.delete(body['in_reply_to'] as number);
        const keyHistory = history[sent.key] as KeyHistory;
        keyHistory.lastAcked = Math.max(keyHistory.lastAcked ?? -1, sent.offset);
        acked++;
      }
      if (killed) return;
      topUp();
      if (acked >= plan.killAfterAcks) kill();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {}); // the kill closes the pipe under a pending write
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (failure !== undefined) reject(failure);
      else if (killed && signal === 'SIGKILL') resolve();
      else reject(new Error(`the node exited by itself (code ${code}, signal ${signal}) after ${acked} of ${plan.killAfterAcks} acknowledgements: ${stderr}`));
    });
    child.stdin.write(`${init}\n`);
    topUp();
    if (plan.killAfterAcks === 0) kill();
  });
}

/** Restarts the node on the data directory and checks every key against what was sent and acknowledged. */
async function checkAfterRestart(dataDir: string, history: readonly KeyHistory[]): Promise<void> {
  const fetches = KEYS.map(({ group, topic, partition }, i) => fetch(i, group, partition, { topic, src: 'c2' }));
  const restarted = await runNodeProcess(`${fetches.join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
  assert.equal(restarted.exitCode, 0, restarted.stderr);
  const offsets = bodies(linesOf(restarted.stdout)).map((body) => body['offset']);
  assert.equal(offsets.length, KEYS.length, restarted.stdout);
  offsets.forEach((offset, i) => {
    const { sent, lastAcked } = history[i] as KeyHistory;
    const key = JSON.stringify(KEYS[i]);
    if (lastAcked !== undefined) assert.ok(typeof offset === 'number' && offset >= lastAcked, `${key} fetched ${offset}, but ${lastAcked} was acknowledged`);
    assert.ok(offset === 0 ? lastAcked === undefined : sent.has(offset as number), `${key} fetched ${offset}, which was never sent`);
  });
}

function logBytes(dataDir: string): number {
  return Array.from({ length: DEFAULT_LOG_PARTITIONS }, (_, partition) => {
    try {
      return statSync(segmentPath(dataDir, partition)).size;
    } catch {
      return 0;
    }
  }).reduce((total, size) => total + size, 0);
}

describe('durability under kill -9', () => {
  it(`loses no acknowledged commit across ${ROUNDS} kills, torn tails included`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'offsetlog-crash-'));
    const random = seededRandom(SEED);
    const history: KeyHistory[] = KEYS.map(() => ({ sent: new Set(), lastAcked: undefined }));
    const counter = { next: 10 };
    let torn = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const plan = planRound(random);
        const tearTail = random() < 0.3;
        const tornPartition = Math.floor(random() * DEFAULT_LOG_PARTITIONS);
        try {
          await runUntilKilled(dataDir, plan, history, counter);
          if (tearTail) {
            // A write the kill cut short: a frame header promising more bytes than follow.
            appendFileSync(segmentPath(dataDir, tornPartition), Buffer.from([0xff, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56]));
            torn++;
          }
          await checkAfterRestart(dataDir, history);
        } catch (error) {
          const repeat = `OFFSETLOG_CRASH_SEED=${SEED} OFFSETLOG_CRASH_ROUNDS=${round + 1} npm run crash-test`;
          throw new Error(`seed ${SEED}, round ${round} (killed after ${plan.killAfterAcks} acknowledgements; repeat with ${repeat}): ${(error as Error).message}`, { cause: error });
        }
      }
      // Compaction keeps up across restarts: 24 keys never need more than a few partitions' worth of records.
      const bytes = logBytes(dataDir);
      assert.ok(bytes < 1_000_000, `seed ${SEED}: the log holds ${bytes} bytes for ${KEYS.length} keys`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const keysAcked = history.filter((h) => h.lastAcked !== undefined).length;
    assert.ok(keysAcked > KEYS.length / 2 || ROUNDS < 3, `seed ${SEED}: the kills left room for commits to be acknowledged (${keysAcked} keys)`);
    assert.ok(torn > 0 || ROUNDS < 5, `seed ${SEED}: no round tore a tail`);
  });
});
