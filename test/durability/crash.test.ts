import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/workload.js';
import { segmentPath } from '../../src/log/file/dataDirectory.js';
import { DEFAULT_LOG_PARTITIONS } from '../../src/log/partitionFor.js';
import { linesOf, nodeBin, runNodeProcess } from '../helpers/runNodeProcess.js';

/** Rounds in the suite; OFFSETLOG_CRASH_ROUNDS=500 for a long run. */
const ROUNDS = Number(process.env['OFFSETLOG_CRASH_ROUNDS'] ?? 25);
const KEYS = Array.from({ length: 24 }, (_, i) => ({ group: `group-${i % 8}`, topic: i % 2 === 0 ? 'orders' : 'payments', partition: i % 3 }));
const keyId = (i: number) => JSON.stringify(KEYS[i]);

interface KeyHistory {
  readonly sent: Set<number>;
  lastAcked: number | undefined;
}

/**
 * Streams commits into a durable node and SIGKILLs it at a random moment. Each key's
 * offsets only grow, so "no acknowledged commit lost" reads: after a restart, each key
 * fetches an offset that was sent for it, and none older than the last one acknowledged.
 */
function killMidStream(dataDir: string, random: () => number, history: KeyHistory[], counter: { next: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [], {
      env: { ...process.env, OFFSETLOG_DATA_DIR: dataDir, OFFSETLOG_COMPACTION_MIN_RECORDS: '64' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pending = new Map<number, { key: number; offset: number }>();
    let buffered = '';
    let killScheduled = false;
    // Kill at a random moment once commits are flowing (start-up takes longer than a kill window).
    const scheduleKill = (delay: number) => {
      if (killScheduled) return;
      killScheduled = true;
      setTimeout(() => child.kill('SIGKILL'), delay);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const body = (JSON.parse(line) as { body: { type: string; in_reply_to: number } }).body;
        const commit = pending.get(body.in_reply_to);
        if (commit === undefined) continue;
        assert.equal(body.type, 'commit_offset_ok', line);
        scheduleKill(random() * 60);
        const keyHistory = history[commit.key] as KeyHistory;
        keyHistory.lastAcked = Math.max(keyHistory.lastAcked ?? -1, commit.offset);
      }
    });
    child.stdin.on('error', () => {}); // the kill closes the pipe under a pending write
    child.on('error', reject);
    child.on('close', () => resolve());
    child.stdin.write('{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}\n');
    const send = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const lines: string[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 200); i++) {
        const key = Math.floor(random() * KEYS.length);
        const offset = counter.next++;
        const msgId = counter.next;
        pending.set(msgId, { key, offset });
        (history[key] as KeyHistory).sent.add(offset);
        lines.push(JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'commit_offset', msg_id: msgId, ...KEYS[key], offset } }));
      }
      child.stdin.write(`${lines.join('\n')}\n`);
      setTimeout(send, random() * 3);
    };
    send();
    if (random() < 0.1) scheduleKill(random() * 80); // sometimes before anything is acknowledged, even mid-recovery
  });
}

describe('durability under kill -9', () => {
  it(`loses no acknowledged commit across ${ROUNDS} kills, torn tails included`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'offsetlog-crash-'));
    const random = seededRandom(2024);
    const history: KeyHistory[] = KEYS.map(() => ({ sent: new Set(), lastAcked: undefined }));
    const counter = { next: 10 };
    let acknowledged = 0;
    let torn = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await killMidStream(dataDir, random, history, counter);
        if (random() < 0.3) {
          // A write the kill cut short: a frame header promising more bytes than follow.
          const partition = Math.floor(random() * DEFAULT_LOG_PARTITIONS);
          appendFileSync(segmentPath(dataDir, partition), Buffer.from([0xff, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56]));
          torn++;
        }
        const fetches = KEYS.map((key, i) => JSON.stringify({ src: 'c2', dest: 'n1', body: { type: 'fetch_offset', msg_id: i, ...key } }));
        const restarted = await runNodeProcess(`${fetches.join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
        assert.equal(restarted.exitCode, 0, restarted.stderr);
        const offsets = linesOf(restarted.stdout).map((line) => (JSON.parse(line) as { body: { offset: number } }).body.offset);
        assert.equal(offsets.length, KEYS.length);
        offsets.forEach((offset, i) => {
          const { sent, lastAcked } = history[i] as KeyHistory;
          if (lastAcked !== undefined) assert.ok(offset >= lastAcked, `round ${round}: ${keyId(i)} fetched ${offset}, but ${lastAcked} was acknowledged`);
          assert.ok(offset === 0 ? lastAcked === undefined : sent.has(offset), `round ${round}: ${keyId(i)} fetched ${offset}, which was never sent`);
        });
        acknowledged = history.filter((h) => h.lastAcked !== undefined).length;
      }
      // Compaction keeps up across restarts: 24 keys never need more than a few partitions' worth of records.
      const bytes = Array.from({ length: DEFAULT_LOG_PARTITIONS }, (_, partition) => {
        try {
          return statSync(segmentPath(dataDir, partition)).size;
        } catch {
          return 0;
        }
      }).reduce((total, size) => total + size, 0);
      assert.ok(bytes < 1_000_000, `the log holds ${bytes} bytes for ${KEYS.length} keys`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    assert.ok(acknowledged > KEYS.length / 2, `the kills left room for commits to be acknowledged (${acknowledged} keys)`);
    assert.ok(torn > 0 || ROUNDS < 5);
  });
});
