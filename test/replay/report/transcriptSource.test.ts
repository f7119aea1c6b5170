import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readTranscriptItems, type TranscriptItem } from '../../../src/replay/report/transcriptSource.js';
import { TranscriptError } from '../../../src/replay/transcript.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';
import { commit, transcriptText } from './recordedRun.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-source-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function readAll(path: string): Promise<{ items: TranscriptItem[]; cutOff: boolean; visits: number }> {
  const items: TranscriptItem[] = [];
  let visits = 0;
  const { cutOff } = await readTranscriptItems(path, (chunk) => {
    visits++;
    items.push(...chunk);
  });
  return { items, cutOff, visits };
}

describe('reading a transcript for a report', () => {
  it('streams a file of many chunks, multi-byte characters split across them included, entry for entry', async () => {
    const written: TranscriptItem[] = [{ dir: 'config', t: 1, durable: true, retentionMs: 60000 }];
    for (let i = 0; i < 30_000; i++) written.push({ dir: i % 2 === 0 ? 'in' : 'out', t: 1000 + i, line: commit(`c${i % 7}`, i, `grüppe-${i % 13}`, i % 3, i, 'é'.repeat(i % 50)) });
    const path = join(scratch, 'big.jsonl');
    writeFileSync(path, transcriptText(written));
    const { items, cutOff, visits } = await readAll(path);
    assert.ok(visits > 3, `read in ${visits} chunks`);
    assert.equal(cutOff, false);
    assert.deepEqual(items, written);
  });

  it('reads lines in any spacing or key order the same as the recorder writes them', async () => {
    const path = join(scratch, 'shapes.jsonl');
    const line = commit('c1', 2, 'g', 0, 5);
    writeFileSync(path, [JSON.stringify({ t: 7, dir: 'in', line }), JSON.stringify({ dir: 'in', line, t: 7 }), `{ "t": 7, "dir": "in", "line": ${JSON.stringify(line)} }`, JSON.stringify({ t: 7, dir: 'in', line: `"}` })].join('\n'));
    const { items } = await readAll(path);
    assert.deepEqual(items, [{ dir: 'in', t: 7, line }, { dir: 'in', t: 7, line }, { dir: 'in', t: 7, line }, { dir: 'in', t: 7, line: `"}` }]);
  });

  it('stops at a last line cut in the middle, as a killed recorder leaves it', async () => {
    const path = join(scratch, 'cut.jsonl');
    const whole = JSON.stringify({ t: 1, dir: 'in', line: commit('c1', 2, 'g', 0, 5) });
    writeFileSync(path, `${whole}\n${whole.slice(0, 30)}`);
    const { items, cutOff } = await readAll(path);
    assert.equal(cutOff, true);
    assert.equal(items.length, 1);
  });

  it('refuses a damaged line in the middle, naming the file and line', async () => {
    const path = join(scratch, 'damaged.jsonl');
    const whole = JSON.stringify({ t: 1, dir: 'in', line: 'x' });
    writeFileSync(path, `${whole}\n${whole}\n{"t":1,"dir":"sideways"}\n${whole}\n`);
    await assert.rejects(readAll(path), (error: Error) => error instanceof TranscriptError && error.message.startsWith(`${path}:3: expected {"t": number, "dir": "in" | "out", "line": string}`));
    await assert.rejects(readAll(join(scratch, 'absent.jsonl')), /absent\.jsonl: no such file, expected a transcript/);
  });

  it("reads a fixture's NAME.in.jsonl, then its NAME.out.jsonl, as one session at time 0", async () => {
    const { items } = await readAll(`${repoRoot}fixtures/sessions/task-commit-fetch-roundtrip.in.jsonl`);
    assert.deepEqual(items.map((item) => [item.dir, item.t]), [['in', 0], ['in', 0], ['in', 0], ['out', 0], ['out', 0], ['out', 0]]);
  });
});
