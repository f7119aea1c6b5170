#!/usr/bin/env node
// How long `offsetlog report` takes on a big recorded run, how large its page is, and how long
// chromium takes to open it. Uses the build (run `npm run build` first) and the bench's seeded
// workload, recorded through the real node:
//   node scripts/measure-report.mjs [--requests 1000000] [--keys 1000] [--keep DIR]
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000000' }, keys: { type: 'string', default: '1000' }, keep: { type: 'string' } } });
const { workloadLines } = await import(pathToFileURL(join(root, 'dist/bench/workload.js')).href);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'offsetlog-report-measure-'));
const input = join(dir, 'requests.jsonl');
const transcript = join(dir, 'run.transcript.jsonl');
const page = join(dir, 'report.html');
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const out = createWriteStream(input);
let batch = [];
for (const line of workloadLines({ requests: Number(values.requests), keys: Number(values.keys), commitShare: 0.75, seed: 42 })) {
  batch.push(line);
  if (batch.length === 10_000) {
    if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
    batch = [];
  }
}
out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
await once(out, 'finish');

const node = spawn(join(root, 'bin/offsetlog-node'), [], { env: { ...process.env, OFFSETLOG_RECORD: transcript }, stdio: ['pipe', 'ignore', 'inherit'] });
createReadStream(input).pipe(node.stdin);
await once(node, 'close');

const started = process.hrtime.bigint();
const report = spawnSync(join(root, 'bin/offsetlog'), ['report', transcript, '-o', page], { encoding: 'utf8' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (report.status !== 0) throw new Error(`offsetlog report failed: ${report.stderr}`);

const { chromium } = await import('playwright-core');
const profile = mkdtempSync(join(tmpdir(), 'offsetlog-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const tab = await browser.newPage();
const opened = Date.now();
await tab.goto(pathToFileURL(page).href);
await tab.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
await tab.locator('section.group svg.chart g.series').first().waitFor({ state: 'attached', timeout: 120_000 });
const drawn = Date.now() - opened;
await browser.close();
rmSync(profile, { recursive: true, force: true });

process.stdout.write(
  [
    `requests: ${values.requests} over ${values.keys} keys; transcript ${mib(statSync(transcript).size)}`,
    `offsetlog report: ${seconds.toFixed(1)} s; ${report.stdout.trim()}`,
    `page: ${mib(statSync(page).size)}; chromium opened it and drew the first chart in ${(drawn / 1000).toFixed(1)} s`,
    '',
  ].join('\n'),
);
if (values.keep === undefined) rmSync(dir, { recursive: true, force: true });
