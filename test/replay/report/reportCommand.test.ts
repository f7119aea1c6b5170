import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../helpers/runCli.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const fixture = `${repoRoot}fixtures/sessions/backwards-commit-wins.in.jsonl`;

describe('offsetlog report', () => {
  it('writes one HTML file that needs nothing else, and says what is in it', () => {
    const output = join(scratch, 'report.html');
    const run = runCli(['report', fixture, '-o', output]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^wrote .*report\.html \(\d+ KiB\): 8 requests, 1 group, 1 partition, 4 commits, 2 rewinds, 0 error replies\n$/);
    assert.equal(run.stderr, '');
    const html = readFileSync(output, 'utf8');
    assert.ok(html.startsWith('<!doctype html>'));
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no script, style or anything else from elsewhere (the SVG namespace is a name, not a fetch)');
  });

  it('says what it could not use on stderr, and still writes the report', () => {
    const cut = join(scratch, 'cut.jsonl');
    writeFileSync(cut, `${JSON.stringify({ t: 1, dir: 'config', config: { durable: false } })}\n{"t":1,"dir":"in","li`);
    const output = join(scratch, 'cut.html');
    const run = runCli(['report', cut, '-o', output]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^offsetlog report: .*cut\.jsonl ends in the middle of a line \(a killed recorder\); the report goes up to it\n$/);
    assert.ok(existsSync(output));
  });

  it('refuses a command line without an output or with an input that is not there, with its usage (status 2)', () => {
    const noOutput = runCli(['report', fixture]);
    assert.equal(noOutput.status, 2);
    assert.match(noOutput.stderr, /^offsetlog report: report needs -o FILE, the HTML file to write \(see 'offsetlog report --help'\)\n$/);
    const absent = runCli(['report', join(scratch, 'absent.jsonl'), '-o', join(scratch, 'x.html')]);
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /absent\.jsonl: no such file or directory/);
    assert.equal(existsSync(join(scratch, 'x.html')), false);
  });

  it('refuses a transcript damaged in the middle, naming the line (status 1)', () => {
    const damaged = join(scratch, 'damaged.jsonl');
    writeFileSync(damaged, `{"t":1,"dir":"in","line":"x"}\nnot json\n{"t":1,"dir":"in","line":"x"}\n`);
    const run = runCli(['report', damaged, '-o', join(scratch, 'damaged.html')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /damaged\.jsonl:2: is not JSON/);
  });
});
