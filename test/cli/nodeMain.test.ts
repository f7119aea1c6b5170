import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/runCli.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-node-main-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string }).version;
const node = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { bin: 'offsetlog-node', env });

describe('bin/offsetlog-node', () => {
  it('refuses any argument with status 2 rather than ignoring it, naming where its settings come from', () => {
    const dataDir = join(scratch, 'x');
    const run = node(['--data-dir', dataDir]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `offsetlog-node: takes no arguments, got "--data-dir" ${JSON.stringify(dataDir)}; set OFFSETLOG_DATA_DIR (and the other settings) in its environment, or run 'offsetlog serve --data-dir DIR' (see 'offsetlog-node --help')\n`,
    );
    assert.equal(existsSync(dataDir), false, 'no node ran: nothing was created');
    assert.equal(node(['serve']).status, 2);
  });

  it('prints its version and a help that names its settings', () => {
    const run = node(['--version']);
    assert.deepEqual([run.status, run.stdout], [0, `offsetlog-node ${version}\n`]);
    const help = node(['--help']);
    assert.equal(help.status, 0);
    for (const setting of ['OFFSETLOG_DATA_DIR', 'OFFSETLOG_RECORD', 'OFFSETLOG_OFFSETS_RETENTION_MS', 'OFFSETLOG_COMPACTION_MIN_RECORDS', 'offsetlog serve']) {
      assert.ok(help.stdout.includes(setting), `--help names ${setting}`);
    }
  });

  it('keeps the log where OFFSETLOG_DATA_DIR says, and refuses a setting that is no number with status 2', () => {
    const dataDir = join(scratch, 'kept');
    const run = node([], { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(existsSync(join(dataDir, 'offsetlog.json')), true);
    const refused = node([], { OFFSETLOG_OFFSETS_RETENTION_MS: 'a week' });
    assert.equal(refused.status, 2);
    assert.equal(refused.stderr, 'offsetlog: cannot run: OFFSETLOG_OFFSETS_RETENTION_MS must be a positive integer, got "a week"\n');
  });
});
