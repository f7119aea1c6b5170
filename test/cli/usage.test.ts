import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lockDataDirectory } from '../../src/log/file/directoryLock.js';
import { assertOneLineError, runCli } from '../helpers/runCli.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-usage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string }).version;
const commands = ['serve', 'replay', 'dump', 'describe', 'repair'];

describe('offsetlog, the command', () => {
  it('prints its version from package.json', () => {
    const run = runCli(['--version']);
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, `offsetlog ${version}\n`, '']);
  });

  it('lists its commands and the exit status contract in --help', () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const run = runCli(args);
      assert.equal(run.status, 0);
      for (const command of commands) assert.match(run.stdout, new RegExp(`offsetlog ${command} `));
      assert.match(run.stdout, /Exit status, the same for every command:\n {2}0 {2}done.*\n {2}1 {2}the data disagrees or is damaged.*\n(.*\n)* {2}2 {2}usage, or input that is not what the command reads/);
    }
  });

  it('answers "help COMMAND" exactly as "COMMAND --help"', () => {
    for (const command of commands) {
      const help = runCli(['help', command]);
      const flag = runCli([command, '--help']);
      assert.equal(help.status, 0);
      assert.equal(help.stdout, flag.stdout);
      assert.match(help.stdout, new RegExp(`^offsetlog ${command} `));
    }
  });

  it('refuses no command, an unknown one and an unknown help topic with status 2 in one line, not the usage', () => {
    assertOneLineError(runCli([]), 2, /^offsetlog: expected a command \(serve, replay, dump, describe, repair, report\), got none/);
    assertOneLineError(runCli(['--verison']), 2, /^offsetlog: expected a command .*, got "--verison"/);
    assertOneLineError(runCli(['help', 'frob']), 2, /^offsetlog help: expected one command .*, got "frob"/);
    for (const run of [runCli([]), runCli(['frob'])]) assert.equal(run.stdout, '');
  });

  it('refuses serve options that make no sense with status 2, before starting a node', () => {
    const dataDir = join(scratch, 'never');
    assertOneLineError(runCli(['serve', '--data-dir']), 2, /^offsetlog serve: Option '--data-dir <value>' argument missing/);
    assertOneLineError(runCli(['serve', dataDir]), 2, /^offsetlog serve: Unexpected argument/);
    assertOneLineError(runCli(['serve', '--data-dir', dataDir, '--offsets-retention-ms', 'soon']), 2, /--offsets-retention-ms must be a positive integer, got "soon"/);
    assert.equal(existsSync(dataDir), false);
  });

  it('refuses a data directory in use by another process with status 2', () => {
    const dataDir = join(scratch, 'in-use');
    const first = runCli(['serve', '--data-dir', dataDir]);
    assert.equal(first.status, 0, first.stderr);
    // The test process plays the node that holds the directory.
    const release = lockDataDirectory(dataDir);
    try {
      assertOneLineError(runCli(['serve', '--data-dir', dataDir]), 2, new RegExp(`^offsetlog serve: data directory .* is in use by process ${process.pid}`));
    } finally {
      release();
    }
  });
});
