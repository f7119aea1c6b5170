import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from './helpers/runNodeProcess.js';

/** A `$ command` shown in the README, with the output shown under it. */
interface Example {
  readonly command: string;
  readonly output: string[];
  /** The README line the command is on, for a failure to point at. */
  readonly line: number;
}

/**
 * Every `$ command` in the README's fenced blocks, with the lines up to the next command or
 * the end of the block as its output. Blocks without a `$` line show formats, not runs.
 */
function readmeExamples(text: string): Example[] {
  const examples: { command: string; output: string[]; line: number }[] = [];
  let inBlock = false;
  let current: { command: string; output: string[]; line: number } | undefined;
  text.split('\n').forEach((line, index) => {
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      current = undefined;
    } else if (inBlock && line.startsWith('$ ')) {
      current = { command: line.slice(2), output: [], line: index + 1 };
      examples.push(current);
    } else if (current !== undefined) {
      current.output.push(line);
    }
  });
  return examples;
}

/** Whether `actual` is what `shown` shows, a `...` line standing for any number of lines. */
function matchesShown(shown: readonly string[], actual: readonly string[]): boolean {
  const [first, ...rest] = shown;
  if (first === undefined) return actual.length === 0;
  if (first === '...') return actual.some((_, skip) => matchesShown(rest, actual.slice(skip))) || matchesShown(rest, []);
  return actual[0] === first && matchesShown(rest, actual.slice(1));
}

const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
const examples = readmeExamples(readme);

// The examples run in a directory that mirrors the repository root (a link to each of its
// entries), so the files they write (run.jsonl) land there and not in the checkout.
const root = mkdtempSync(join(tmpdir(), 'offsetlog-readme-'));
after(() => rmSync(root, { recursive: true, force: true }));
for (const entry of readdirSync(repoRoot)) if (entry !== '.git') symlinkSync(join(repoRoot, entry), join(root, entry));

describe('the README', () => {
  it('shows examples to check, among them what npm run example runs', () => {
    assert.ok(examples.length >= 6, `found ${examples.length} examples`);
    const script = (JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts['example'];
    assert.ok(examples.some((example) => example.command === script), `the README shows "$ ${script}", what npm run example runs`);
  });

  it("reads a shown \"...\" line as any number of lines, none included", () => {
    assert.equal(matchesShown(['a', '...'], ['a', 'b', 'c']), true);
    assert.equal(matchesShown(['a', '...'], ['a']), true);
    assert.equal(matchesShown(['a', '...', 'c'], ['a', 'b', 'c']), true);
    assert.equal(matchesShown(['a', '...', 'c'], ['a', 'b', 'd']), false);
    assert.equal(matchesShown(['a'], ['a', 'b']), false);
    assert.equal(matchesShown(['a', 'b'], ['a']), false);
  });

  // In order: a later example may read what an earlier one wrote (the recorded run.jsonl).
  for (const example of examples) {
    it(`prints what it shows for $ ${example.command} (README.md:${example.line})`, () => {
      // stdout and stderr together, as a terminal shows them.
      const run = spawnSync('sh', ['-c', `{ ${example.command}\n} 2>&1`], { cwd: root, encoding: 'utf8', input: '' });
      const actual = run.stdout.replace(/\n$/, '').split('\n');
      const shown = [...example.output];
      while (shown.length > 0 && shown.at(-1) === '') shown.pop();
      assert.ok(matchesShown(shown, run.stdout === '' ? [] : actual), `README.md:${example.line} shows\n${shown.join('\n')}\nbut the command printed\n${run.stdout}`);
    });
  }
});
