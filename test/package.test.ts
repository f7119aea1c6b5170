import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { linesOf, repoRoot } from './helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-package-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The environment npm gives a script (npm test) describes the repository's own package;
 * a nested npm must not take it for the fresh project's. Settings a user gave npm for
 * reaching its registry and cache are kept.
 */
function plainEnv(): NodeJS.ProcessEnv {
  const kept = /^npm_config_(cache|registry|userconfig|globalconfig|https?_proxy|proxy|noproxy|strict_ssl|cafile|offline|prefer_offline)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) || kept.test(name)));
}

function run(command: string, args: readonly string[], cwd: string, input = ''): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, input, encoding: 'utf8', env: plainEnv() });
  if (result.error !== undefined) throw result.error;
  return result;
}

const version = (JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string }).version;
const sample = 'fixtures/sessions/task-commit-fetch-roundtrip';

describe('the npm package', () => {
  // Not a timing test: packing and installing only need time, which varies with the machine and the npm cache.
  it('packs the built code and what a user needs, installs into a fresh project without a compiler, and runs both bins', { timeout: 10 * 60_000 }, () => {
    // --ignore-scripts: npm test has just built dist/, and the build npm pack would run (prepare)
    // would remove it under the test files running beside this one.
    const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], repoRoot);
    assert.equal(packed.status, 0, packed.stderr);
    const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(manifest !== undefined);
    const files = manifest.files.map((file) => file.path);
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'bin/offsetlog', 'bin/offsetlog-node', 'dist/src/cli/offsetlog.js', 'dist/src/cli/nodeMain.js', `${sample}.in.jsonl`, `${sample}.out.jsonl`]) {
      assert.ok(files.includes(needed), `the tarball holds ${needed}`);
    }
    const unwanted = files.filter((path) => /^(src|test|bench|\.ci|dist\/test|dist\/bench)\//.test(path) || /\.(ts|map)$/.test(path));
    assert.deepEqual(unwanted, [], 'no sources, tests, bench, CI or source maps in the tarball');

    const project = join(scratch, 'fresh-project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"fresh-project","version":"1.0.0","private":true}\n');
    const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(scratch, manifest.filename)], project);
    assert.equal(installed.status, 0, installed.stderr);
    assert.equal(existsSync(join(project, 'node_modules', 'typescript')), false, 'the install needs no TypeScript compiler');

    const help = run('npx', ['--no', '--', 'offsetlog', '--help'], project);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^offsetlog — /);
    const versionRun = run('npx', ['--no', '--', 'offsetlog', '--version'], project);
    assert.deepEqual([versionRun.status, versionRun.stdout], [0, `offsetlog ${version}\n`]);
    const nodeVersion = run('npx', ['--no', '--', 'offsetlog-node', '--version'], project);
    assert.deepEqual([nodeVersion.status, nodeVersion.stdout], [0, `offsetlog-node ${version}\n`]);

    const shipped = join(project, 'node_modules', 'offsetlog', sample);
    const node = run('npx', ['--no', '--', 'offsetlog-node'], project, readFileSync(`${shipped}.in.jsonl`, 'utf8'));
    assert.equal(node.status, 0, node.stderr);
    const expected = linesOf(readFileSync(`${shipped}.out.jsonl`, 'utf8')).map((line) => JSON.stringify(JSON.parse(line)));
    assert.deepEqual(linesOf(node.stdout), expected, 'the installed node answers the sample session as recorded');

    // describe draws a table: its width library is a dependency the install must bring.
    const described = run('npx', ['--no', '--', 'offsetlog', 'describe', `${shipped}.in.jsonl`], project);
    assert.equal(described.status, 0, described.stderr);
    assert.match(described.stdout, /^GROUP +TOPIC .*\ng1 +t1 +0 +10 +- +-\n$/);
  });
});
