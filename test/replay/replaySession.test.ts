import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { replaySession } from '../../src/replay/replaySession.js';
import { readTranscript, type TranscriptEntry } from '../../src/replay/transcript.js';
import { tableRows } from '../../src/state/offsetTable.js';
import { commit, fetch, init } from '../helpers/requestLines.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

const sessions = `${repoRoot}fixtures/sessions/`;

/** A recorded session as the node would have written it, replies included, all at time t. */
function entries(t: number, lines: readonly string[], replies: readonly string[]): TranscriptEntry[] {
  return [...lines.map((line) => ({ t, dir: 'in' as const, line })), ...replies.map((line) => ({ t, dir: 'out' as const, line }))];
}

describe('replaySession', () => {
  it('gives every fixture session its recorded replies, through the same node entry point', async () => {
    const names = readdirSync(sessions).filter((name) => name.endsWith('.in.jsonl'));
    assert.ok(names.length > 10);
    for (const name of names) {
      const result = await replaySession(readTranscript(`${sessions}${name}`));
      assert.equal(result.mismatch, undefined, `${name}: ${JSON.stringify(result.mismatch)}`);
      assert.ok(result.repliesCompared > 0, name);
      assert.equal(result.unrecordedReplies, 0, name);
    }
  });

  it('follows one key: each commit that moved it, backwards marked by its offsets, and each fetch', async () => {
    const transcript = readTranscript(`${sessions}backwards-commit-wins.in.jsonl`);
    const { events } = await replaySession(transcript, { follow: { group: 'g', topic: 't', partition: 0 } });
    const writes = events.filter((event) => event.kind === 'write');
    assert.ok(writes.some((event) => event.kind === 'write' && event.from !== undefined && event.to !== undefined && event.to < event.from), JSON.stringify(events));
    assert.ok(events.some((event) => event.kind === 'fetch'));
  });

  it('stops after step N with the table as it stood then', async () => {
    const lines = [init, commit(2, 'g', 5), commit(3, 'g', 9), fetch(4, 'g')];
    const transcript = { sessions: [{ config: {}, entries: entries(0, lines, []) }], cutOff: false };
    const { steps, table } = await replaySession(transcript, { until: 2 });
    assert.equal(steps, 2);
    assert.deepEqual(tableRows(table).map((row) => row.offset), [5]);
  });

  it('starts each later session of a durable run from the log of the ones before, as a restart does', async () => {
    const first = [init, commit(2, 'g', 5)];
    const firstReplies = ['{"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1,"msg_id":0}}', '{"src":"n1","dest":"c1","body":{"type":"commit_offset_ok","in_reply_to":2,"msg_id":1}}'];
    const second = [init, fetch(3, 'g')];
    const secondReplies = ['{"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1,"msg_id":0}}', '{"src":"n1","dest":"c1","body":{"type":"fetch_offset_ok","in_reply_to":3,"offset":5,"msg_id":1}}'];
    const durable = await replaySession({ sessions: [{ config: { durable: true }, entries: entries(0, first, firstReplies) }, { config: { durable: true }, entries: entries(0, second, secondReplies) }], cutOff: false });
    assert.equal(durable.mismatch, undefined, JSON.stringify(durable.mismatch));
    assert.equal(durable.repliesCompared, 4);
    // The same run kept in memory forgets the commit at the restart, so the fetch differs.
    const inMemory = await replaySession({ sessions: [{ config: {}, entries: entries(0, first, firstReplies) }, { config: {}, entries: entries(0, second, secondReplies) }], cutOff: false });
    assert.equal(inMemory.mismatch?.step, 4);
  });
});
