import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { linesOf, repoRoot, runNodeProcess } from './helpers/runNodeProcess.js';

const sessionsDir = `${repoRoot}fixtures/sessions/`;
const sessions = readdirSync(sessionsDir)
  .filter((name) => name.endsWith('.in.jsonl'))
  .map((name) => name.slice(0, -'.in.jsonl'.length))
  .sort();

/**
 * Every recorded session goes through the real bin/offsetlog-node. Expected lines are
 * compared after re-serializing them compactly, so the task's samples (written with
 * spaces) must match our output byte for byte, field order included.
 */
describe('recorded sessions through bin/offsetlog-node', () => {
  it('has the task samples among them', () => {
    assert.ok(sessions.includes('task-commit-fetch-roundtrip'));
    assert.ok(sessions.includes('task-different-groups-independent'));
  });

  for (const session of sessions) {
    it(session, async () => {
      const input = readFileSync(`${sessionsDir}${session}.in.jsonl`);
      const expected = linesOf(readFileSync(`${sessionsDir}${session}.out.jsonl`, 'utf8')).map((line) =>
        JSON.stringify(JSON.parse(line)),
      );
      const run = await runNodeProcess(input);
      assert.equal(run.exitCode, 0, run.stderr);
      const actual = linesOf(run.stdout);
      for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
        assert.equal(actual[i], expected[i], `reply ${i + 1} of ${session}`);
      }
      assert.ok(run.stdout.endsWith('\n') || run.stdout === '', 'every reply line ends with a newline');
    });
  }
});
