import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { linesOf, repoRoot, runNodeProcess } from './helpers/runNodeProcess.js';

const fixturesDir = `${repoRoot}fixtures/`;
const sessionsDir = `${fixturesDir}sessions/`;
const IN = '.in.jsonl';
const OUT = '.out.jsonl';

const sessionFiles = readdirSync(sessionsDir).sort();
const sessions = sessionFiles.filter((name) => name.endsWith(IN)).map((name) => name.slice(0, -IN.length));

/**
 * Every recorded session goes through the real bin/offsetlog-node, and its replies are compared
 * one by one with the recorded ones. Expected lines are re-serialized compactly, so the task's
 * samples (written with spaces) must match our output byte for byte, field order included.
 */
describe('recorded sessions through bin/offsetlog-node', () => {
  for (const session of sessions) {
    it(session, async () => {
      const input = readFileSync(`${sessionsDir}${session}${IN}`);
      const expected = linesOf(readFileSync(`${sessionsDir}${session}${OUT}`, 'utf8')).map((line) => JSON.stringify(JSON.parse(line)));
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

/** The sources of every other test, where a fixture outside the session pairs must be named to be used. */
function otherTestSources(): string {
  const testDir = `${repoRoot}test/`;
  return readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && basename(path) !== 'fixtures.test.ts')
    .map((path) => readFileSync(`${testDir}${path}`, 'utf8'))
    .join('\n');
}

/** A fixture is named by its file name, or by its name before the first dot where a test adds the extension itself. */
function isNamedIn(sources: string, fileName: string): boolean {
  const stem = fileName.slice(0, fileName.indexOf('.') === -1 ? undefined : fileName.indexOf('.'));
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return sources.includes(fileName) || new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(sources);
}

describe('the fixtures', () => {
  it('pair every session input with its recorded replies, and hold nothing else among the sessions', () => {
    const unpaired = sessionFiles.filter((name) => {
      if (name.endsWith(IN)) return !sessionFiles.includes(`${name.slice(0, -IN.length)}${OUT}`);
      if (name.endsWith(OUT)) return !sessionFiles.includes(`${name.slice(0, -OUT.length)}${IN}`);
      return true;
    });
    assert.deepEqual(unpaired, [], `expected every file in fixtures/sessions/ to be half of a NAME${IN} / NAME${OUT} pair`);
  });

  it('are each used by some test', () => {
    const sources = otherTestSources();
    const orphans = readdirSync(fixturesDir, { recursive: true, encoding: 'utf8' })
      .filter((path) => statSync(`${fixturesDir}${path}`).isFile())
      .filter((path) => !path.startsWith('sessions/') && !isNamedIn(sources, basename(path)))
      .sort();
    assert.deepEqual(orphans, [], 'expected every fixture outside fixtures/sessions/ to be named by a test under test/');
  });
});
