import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import stringWidth from 'string-width';
import { assertOneLineError, runCli } from '../helpers/runCli.js';
import { repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-describe-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sessions = `${repoRoot}fixtures/sessions/`;
const expected = (name: string) => readFileSync(`${repoRoot}fixtures/cli/${name}`, 'utf8');

/** The terminal column where each cell of a table line starts (cells are parted by two or more spaces). */
function columnStarts(line: string): number[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((cell) => stringWidth(line.slice(0, cell.index)));
}

describe('offsetlog describe', () => {
  it('prints the table a fixture session leads to, sorted, names that need it quoted, no time where the run had no clock', () => {
    const run = runCli(['describe', `${sessions}colliding-looking-names.in.jsonl`]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, expected('describe-colliding-looking-names.txt'));
    assert.doesNotMatch(run.stdout, /1970/);
  });

  it('lines columns up by terminal width, wide and narrow names alike', async () => {
    const dataDir = join(scratch, 'wide');
    const requests = [
      '{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}',
      '{"src":"c1","dest":"n1","body":{"type":"commit_offset","msg_id":2,"group":"grüppe 日本","topic":"トピック","partition":0,"offset":10}}',
      '{"src":"c1","dest":"n1","body":{"type":"commit_offset","msg_id":3,"group":"plain","topic":"orders","partition":1,"offset":7}}',
    ];
    assert.equal((await runNodeProcess(`${requests.join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir })).exitCode, 0);
    const run = runCli(['describe', dataDir]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1] as string, /^"grüppe 日本" {2}トピック/);
    const header = columnStarts(lines[0] as string);
    assert.equal(header.length, 6);
    for (const line of lines.slice(1)) assert.deepEqual(columnStarts(line), header, `columns of ${JSON.stringify(line)}`);
  });

  it('filters by group and speaks JSON', () => {
    const run = runCli(['describe', `${sessions}interleaved-clients.in.jsonl`, '--group', 'group-2', '--json']);
    assert.equal(run.stdout, expected('describe-interleaved-clients-group-2.jsonl'));
  });

  it('refuses a group with no offsets, as kafka-consumer-groups does, with status 2', () => {
    assertOneLineError(runCli(['describe', `${sessions}interleaved-clients.in.jsonl`, '--group', 'nosuch']), 2, /^offsetlog describe: no group "nosuch" in .*interleaved-clients\.in\.jsonl \(it has no committed offsets\)/);
    assertOneLineError(runCli(['describe', `${sessions}interleaved-clients.in.jsonl`, '--group', 'nosuch', '--json']), 2, /no group "nosuch"/);
  });

  it('refuses a missing path with status 2 in one line', () => {
    assertOneLineError(runCli(['describe', '/nonexistent']), 2, /^offsetlog describe: \/nonexistent: no such file or directory, expected a data directory, a segment file or a transcript/);
    assertOneLineError(runCli(['describe']), 2, /^offsetlog describe: expected one path, got 0/);
    assertOneLineError(runCli(['describe', scratch]), 2, /is not an offsetlog data directory \(no offsetlog\.json\)/);
  });
});
