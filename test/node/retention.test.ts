import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLog } from '../../src/log/memory/memoryLog.js';
import { OffsetNode } from '../../src/node/offsetNode.js';
import { replaySession } from '../../src/replay/replaySession.js';
import type { TranscriptEntry } from '../../src/replay/transcript.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { fold, foldLog } from '../../src/state/reducer.js';
import { logRecords } from '../helpers/logRecords.js';
import { commit, fetch, listGroups } from '../helpers/requestLines.js';

function body(reply: string | undefined): Record<string, unknown> {
  return (JSON.parse(reply ?? '{}') as { body: Record<string, unknown> }).body;
}

describe('offset retention', () => {
  /** A session at fixed times: each entry is one batch at time t. */
  const session: [number, string[]][] = [
    [0, [commit(1, 'g', 5), commit(2, 'h', 7)]],
    [500, [commit(3, 'h', 8)]],
    [999, [fetch(4, 'g'), listGroups(5)]],
    [1000, [fetch(6, 'g'), fetch(7, 'h'), listGroups(8)]],
    [1499, [fetch(9, 'h')]],
    [1500, [fetch(10, 'h'), listGroups(11), commit(12, 'g', 9), fetch(13, 'g')]],
    // Expiry is checked at most once per retention period (here at 0, 1000, 2000): h's tombstone is written now.
    [2000, [fetch(14, 'h')]],
  ];

  async function run(log: MemoryLog): Promise<{ replies: string[]; entries: TranscriptEntry[] }> {
    let now = 0;
    const node = new OffsetNode({ log, clock: () => now, retentionMs: 1000 });
    const replies: string[] = [];
    const entries: TranscriptEntry[] = [];
    for (const [t, lines] of session) {
      now = t;
      const out = await node.handleLines(lines);
      replies.push(...out);
      entries.push(...lines.map((line) => ({ t, dir: 'in' as const, line })), ...out.map((line) => ({ t, dir: 'out' as const, line })));
    }
    return { replies, entries };
  }

  it('hides an offset once its last commit is as old as the retention period, and a new commit brings it back', async () => {
    const { replies } = await run(new MemoryLog());
    const answers = replies.map(body).map((b) => b['offset'] ?? b['groups'] ?? b['type']);
    assert.deepEqual(answers, ['commit_offset_ok', 'commit_offset_ok', 'commit_offset_ok', 5, ['g', 'h'], 0, 8, ['h'], 8, 0, [], 'commit_offset_ok', 9, 0]);
  });

  it('writes expiry as tombstones in the log, so a restart without retention still has them gone', async () => {
    const log = new MemoryLog();
    await run(log);
    const tombstones = logRecords(log).filter((record) => record.value === null).map((record) => record.key.group);
    assert.deepEqual(tombstones.sort(), ['g', 'h']);
    const restarted = new OffsetNode({ log, table: foldLog(log) });
    const answers = (await restarted.handleLines([fetch(1, 'g'), fetch(2, 'h')])).map((reply) => body(reply)['offset']);
    assert.deepEqual(answers, [9, 0], 'h expired and stays deleted; g was committed again after expiring');
    assert.deepEqual(tableRows(restarted.offsetTable), tableRows(fold(logRecords(log))));
  });

  it('replays to the same replies from the transcript, retention taken from its config', async () => {
    const { entries } = await run(new MemoryLog());
    const result = await replaySession({ sessions: [{ config: { retentionMs: 1000 }, entries }], cutOff: false });
    assert.equal(result.mismatch, undefined);
    assert.equal(result.repliesCompared, entries.filter((entry) => entry.dir === 'out').length);
    const withoutRetention = await replaySession({ sessions: [{ config: {}, entries }], cutOff: false });
    assert.equal(withoutRetention.mismatch?.step, 6, 'without the recorded retention, the first fetch after expiry differs');
  });
});
