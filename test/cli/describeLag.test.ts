import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/runCli.js';
import { repoRoot } from '../helpers/runNodeProcess.js';
import { readFileSync } from 'node:fs';

const session = `${repoRoot}fixtures/sessions/kafka-consumer-lifecycle-lag.in.jsonl`;

describe('offsetlog describe of a run with sends', () => {
  it('adds LOG-END-OFFSET and LAG for every committed key with a data log, whichever group committed it', () => {
    const run = runCli(['describe', session]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, readFileSync(`${repoRoot}fixtures/cli/describe-kafka-lag.txt`, 'utf8'));
  });

  it('gives them as logEndOffset and lag in JSON', () => {
    const run = runCli(['describe', session, '--group', 'kafka', '--json']);
    const rows = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(rows.map((row) => [row['topic'], row['logEndOffset'], row['lag']]), [['orders', 3, 2], ['payments', 1, 0]]);
  });

  it('leaves the columns out for a log without data', () => {
    const run = runCli(['describe', `${repoRoot}fixtures/sessions/interleaved-clients.in.jsonl`]);
    assert.doesNotMatch(run.stdout, /LOG-END-OFFSET|LAG/);
  });
});
