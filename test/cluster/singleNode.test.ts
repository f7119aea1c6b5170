import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { linesOf, repoRoot, runNodeProcess } from '../helpers/runNodeProcess.js';

const sessionsDir = `${repoRoot}fixtures/sessions/`;
const sessions = readdirSync(sessionsDir)
  .filter((name) => name.endsWith('.in.jsonl'))
  .map((name) => name.slice(0, -'.in.jsonl'.length))
  .sort();
const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-cluster-single-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The recorded replies of a session, re-serialized compactly as the node writes them. */
function recorded(session: string): string {
  return linesOf(readFileSync(`${sessionsDir}${session}.out.jsonl`, 'utf8'))
    .map((line) => `${JSON.stringify(JSON.parse(line))}\n`)
    .join('');
}

/** Whether the session's first line is the harness's init, so that a data directory named after the node can open at once. */
function startsWithInit(input: string): boolean {
  return input.startsWith('{"src":"c0","dest":"n1","body":{"type":"init"');
}

/**
 * A cluster of one (node_ids ["n1"], as every recorded session's init says) with the cluster's
 * settings given, its log in a data directory named after its node id: nothing to forward, so its
 * output is the recorded one byte for byte, and no line goes to a node.
 */
describe('a single-node cluster with the cluster settings', () => {
  for (const session of sessions) {
    it(`answers ${session} byte for byte as recorded`, async () => {
      const input = readFileSync(`${sessionsDir}${session}.in.jsonl`, 'latin1');
      const dataDir = join(scratch, session);
      const durable = startsWithInit(input);
      const env = { OFFSETLOG_FORWARD_TIMEOUT_MS: '50', ...(durable ? { OFFSETLOG_DATA_DIR: join(dataDir, '{node_id}') } : {}) };
      const run = await runNodeProcess(Buffer.from(input, 'latin1'), env);
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.stdout, recorded(session));
      if (durable) assert.deepEqual(readdirSync(dataDir), ['n1'], 'the data directory is named after the node id');
    });
  }

  it('keeps most sessions in a data directory', () => {
    const durable = sessions.filter((session) => startsWithInit(readFileSync(`${sessionsDir}${session}.in.jsonl`, 'latin1')));
    assert.ok(durable.length > sessions.length / 2, `${durable.length} of ${sessions.length} sessions start with init`);
  });
});
