import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keyFor, seededRandom, workloadLines, type WorkloadOptions } from './workload.js';
import { median, repoRoot, runOnce, timeToFirstReply, type Run, type Subject } from './measure.js';
import { fold } from '../src/state/reducer.js';
import type { OffsetRecord } from '../src/log/format/offsetRecord.js';
import { FileLog } from '../src/log/file/fileLog.js';
import { clusterRow } from './clusterRow.js';
import { collisionRow } from './collisionRow.js';
import { kafkaRow } from './kafkaRow.js';
import { jetstreamRow } from './jetstreamRow.js';
import { mapKey } from './mapKey.js';

const USAGE = `npm run bench [-- --requests N] [-- --runs R] [-- --only kafka|collisions|cluster|jetstream]

Drives the real bin/offsetlog-node end to end on seeded workloads, beside a bare protocol
baseline and two plain-Map nodes, and prints medians, same-run ratios and the issue's
targets against them. --only kafka measures Maelstrom's kafka workload alone; --only collisions
times keys whose hashes collide whole against keys whose hashes are spread; --only cluster
runs the kafka workload's clients over three nodes against one node; --only jetstream the
node with its logs in NATS JetStream beside the data directory.`;

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const requests = Number(options.requests);
const runs = Number(options.runs);
const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-bench-'));

const subjects: Subject[] = [
  { name: 'baseline', script: join(repoRoot, 'dist/bench/baselineNode.js'), env: () => ({}) },
  { name: 'map', script: join(repoRoot, 'dist/bench/mapNode.js'), env: () => ({}) },
  { name: 'map-objects', script: join(repoRoot, 'dist/bench/mapNode.js'), env: () => ({ MAP_NODE_VALUES: 'objects' }) },
  { name: 'memory', script: join(repoRoot, 'bin/offsetlog-node'), env: () => ({}) },
  { name: 'durable', script: join(repoRoot, 'bin/offsetlog-node'), env: () => ({ OFFSETLOG_DATA_DIR: mkdtempSync(join(scratch, 'data-')) }) },
];

function subject(name: string): Subject {
  const found = subjects.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no subject named ${name}`);
  return found;
}

async function writeWorkload(lines: Iterable<string>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let buffered: string[] = [];
  let count = 0;
  for (const line of lines) {
    count++;
    buffered.push(line);
    if (buffered.length === 10_000) {
      if (!out.write(`${buffered.join('\n')}\n`)) await once(out, 'drain');
      buffered = [];
    }
  }
  out.end(buffered.length > 0 ? `${buffered.join('\n')}\n` : '');
  await once(out, 'finish');
  return count;
}

/** Live keys the workload leaves: distinct keys it commits (the generator's own draw, repeated). */
function liveKeys(options: WorkloadOptions): number {
  const random = seededRandom(options.seed);
  const committed = new Set<number>();
  for (let i = 0; i < options.requests; i++) {
    const key = Math.floor(random() * options.keys);
    if (random() < options.commitShare) committed.add(key);
  }
  return committed.size;
}

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function throughput(label: string, input: Iterable<string>, among: readonly Subject[] = subjects): Promise<Map<string, Run[]>> {
  const file = join(scratch, `${label}.jsonl`);
  const lines = await writeWorkload(input, file);
  const results = new Map<string, Run[]>(among.map((subject) => [subject.name, []]));
  for (let round = 0; round < runs; round++) {
    // Rotate the order each round, so no subject always runs on a cold or hot machine.
    for (let i = 0; i < among.length; i++) {
      const subject = among[(i + round) % among.length] as Subject;
      const run = await runOnce(subject, file);
      if (run.replies !== lines) throw new Error(`${subject.name} answered ${run.replies} of ${lines} requests`);
      results.get(subject.name)?.push(run);
      process.stderr.write(`  ${label} ${subject.name}: ${format(lines / run.seconds)} req/s, peak ${format(run.peakRssKib / 1024)} MiB\n`);
    }
  }
  rmSync(file);
  return results;
}

/** A data directory holding `keys` live keys, each committed once; returns its path. */
async function durableDirectory(keys: number): Promise<string> {
  const dataDir = mkdtempSync(join(scratch, 'recovery-'));
  const log = FileLog.open(dataDir);
  for (let start = 0; start < keys; start += 20_000) {
    const batch: OffsetRecord[] = [];
    for (let i = start; i < Math.min(keys, start + 20_000); i++) batch.push({ key: keyFor(i), value: { offset: i, commitTimestamp: 1_700_000_000_000 } });
    await log.append(batch);
  }
  log.close();
  return dataDir;
}

/** `count` seeded commits over `keys` keys, the same for every caller. */
function replayRecords(keys: number, count: number): OffsetRecord[] {
  const random = seededRandom(7);
  const records: OffsetRecord[] = [];
  for (let i = 0; i < count; i++) records.push({ key: keyFor(Math.floor(random() * keys)), value: { offset: i, commitTimestamp: 1_700_000_000_000 } });
  return records;
}

function replaySpeed(keys: number, count: number): number {
  const records = replayRecords(keys, count);
  const started = performance.now();
  fold(records);
  return count / ((performance.now() - started) / 1000);
}

/** The same records into one plain Map, keyed as the Map node keys them: the yardstick for the fold. */
function mapReplaySpeed(keys: number, count: number): number {
  const records = replayRecords(keys, count);
  const started = performance.now();
  const offsets = new Map<string, { offset: number; commitTimestamp: number }>();
  // replayRecords makes commits only, so there is no tombstone to delete.
  for (const { key, value } of records) if (value !== null) offsets.set(mapKey(key.group, key.topic, key.partition), { offset: value.offset, commitTimestamp: value.commitTimestamp });
  return count / ((performance.now() - started) / 1000);
}

interface Target {
  readonly what: string;
  readonly measured: number;
  /** Met when measured is at least this (or, for `atMost`, at most this). */
  readonly bound: number;
  readonly unit: string;
  readonly atMost?: boolean;
}

/** The issue's targets against this run's figures. */
function targetTable(targets: readonly Target[]): string[] {
  return [
    '| target | measured | met |',
    '|---|---|---|',
    ...targets.map(({ what, measured, bound, unit, atMost }) => `| ${what} | ${format(measured, 2)}${unit} | ${(atMost ? measured <= bound : measured >= bound) ? 'yes' : 'no'} |`),
  ];
}

async function main(): Promise<void> {
  const kafkaLines = () => kafkaRow(requests, runs, throughput, [subject('baseline'), subject('memory'), subject('durable')]);
  if (options.only === 'kafka') return void process.stdout.write(`${(await kafkaLines()).join('\n')}\n`);
  if (options.only === 'collisions') return void process.stdout.write(`${collisionRow().join('\n')}\n`);
  const jetstreamLines = () => jetstreamRow(requests, runs, throughput, subject('durable'), durableDirectory);
  if (options.only === 'jetstream') return void process.stdout.write(`${(await jetstreamLines()).join('\n')}\n`);
  // Clients that wait for each reply go slower than a piped workload, so this row takes a tenth of the requests.
  const clusterLines = () => clusterRow(Math.ceil(requests / 10), runs);
  if (options.only === 'cluster') return void process.stdout.write(`${(await clusterLines()).join('\n')}\n`);
  const base = { requests, commitShare: 0.75, seed: 42 };
  const workloads: [string, WorkloadOptions][] = [
    ['1k keys', { ...base, keys: 1_000 }],
    ['1M keys', { ...base, keys: 1_000_000 }],
  ];
  const table: string[] = [];
  const medians = new Map<string, Map<string, { rate: number; peakMib: number }>>();
  /** How far apart the bare baseline's runs of a workload lie: the machine's own noise in this run. */
  const baselineSpread = new Map<string, number>();
  for (const [label, workload] of workloads) {
    process.stderr.write(`${label}: ${format(requests)} requests, ${runs} runs each\n`);
    const results = await throughput(label.replace(' ', '-'), workloadLines(workload));
    const row = new Map<string, { rate: number; peakMib: number }>();
    for (const [name, list] of results) {
      row.set(name, { rate: (requests + 1) / median(list.map((run) => run.seconds)), peakMib: median(list.map((run) => run.peakRssKib)) / 1024 });
    }
    medians.set(label, row);
    const baselineSeconds = (results.get('baseline') ?? []).map((run) => run.seconds);
    baselineSpread.set(label, Math.max(...baselineSeconds) / Math.min(...baselineSeconds) - 1);
    const live = liveKeys(workload);
    const rate = (name: string) => row.get(name)?.rate ?? Number.NaN;
    const peak = (name: string) => row.get(name)?.peakMib ?? Number.NaN;
    table.push(
      `| ${label} (${format(live)} live) | ${format(rate('baseline'))} | ${format(rate('map'))} (${format(rate('map') / rate('baseline'), 2)}×) | ${format(rate('map-objects'))} (${format(rate('map-objects') / rate('baseline'), 2)}×) | ${format(rate('memory'))} (${format(rate('memory') / rate('baseline'), 2)}×) | ${format(rate('durable'))} (${format(rate('durable') / rate('memory'), 2)}× memory) | ${format(peak('map'))} / ${format(peak('memory'))} MiB (${format(peak('memory') / peak('map'), 2)}×) | ${live >= 100_000 ? `${format(((peak('memory') - peak('baseline')) * 1048576) / live)} B` : '—'} |`,
    );
  }
  const rate = (label: string, name: string) => medians.get(label)?.get(name)?.rate ?? Number.NaN;
  const peakOf = (label: string, name: string) => medians.get(label)?.get(name)?.peakMib ?? Number.NaN;
  const startups = [];
  const baselineStartups = [];
  for (let i = 0; i < 10; i++) {
    startups.push(await timeToFirstReply(subject('memory')));
    baselineStartups.push(await timeToFirstReply(subject('baseline')));
  }
  const replay1k = median([1, 2, 3].map(() => replaySpeed(1_000, 1_000_000)));
  const replay1m = median([1, 2, 3].map(() => replaySpeed(1_000_000, 1_000_000)));
  const mapReplay1k = median([1, 2, 3].map(() => mapReplaySpeed(1_000, 1_000_000)));
  const mapReplay1m = median([1, 2, 3].map(() => mapReplaySpeed(1_000_000, 1_000_000)));
  process.stderr.write('writing a data directory with 1M live keys\n');
  const recoveryDir = await durableDirectory(1_000_000);
  const recoverySubject: Subject = { name: 'recovery', script: join(repoRoot, 'bin/offsetlog-node'), env: () => ({ OFFSETLOG_DATA_DIR: recoveryDir }) };
  const recoveryYardstick = (sink: 'reader' | 'map'): Subject => ({ name: `recovery-${sink}`, script: join(repoRoot, 'dist/bench/recoveryYardstick.js'), env: () => ({ OFFSETLOG_DATA_DIR: recoveryDir, RECOVERY_SINK: sink }) });
  const recoveries = [];
  const readerRecoveries = [];
  const mapRecoveries = [];
  // Taken in turns, so that a slow minute of the machine falls on all three alike.
  for (let i = 0; i < 3; i++) {
    recoveries.push(await timeToFirstReply(recoverySubject));
    mapRecoveries.push(await timeToFirstReply(recoveryYardstick('map')));
    readerRecoveries.push(await timeToFirstReply(recoveryYardstick('reader')));
  }

  const lines = [
    `Node ${process.version}, ${format(requests)} requests per run (75% commits, 25% fetches, 8 clients), median of ${runs} runs; requests/s.`,
    '',
    '| workload | baseline | plain Map node | Map node, a new value per commit | offsetlog, memory | offsetlog, durable | peak RSS: Map / offsetlog | offsetlog bytes per live key (peak over baseline) |',
    '|---|---|---|---|---|---|---|---|',
    ...table,
    '',
    `- flat scaling, offsetlog at 1M keys ÷ at 1k keys: ${format(rate('1M keys', 'memory') / rate('1k keys', 'memory'), 2)}× (plain Map node: ${format(rate('1M keys', 'map') / rate('1k keys', 'map'), 2)}×; with a new value per commit: ${format(rate('1M keys', 'map-objects') / rate('1k keys', 'map-objects'), 2)}×)`,
    '- a new value per commit: the Map node storing a new object for each commit rather than overwriting a number, the least a table that keeps its earlier versions whole allocates per commit',
    `- replay (fold of 1M records into an empty table): ${format(replay1k)} records/s over 1k keys, ${format(replay1m)} records/s over 1M keys (the same records into a plain Map: ${format(mapReplay1k)} and ${format(mapReplay1m)} records/s)`,
    `- the machine's steadiness in this run: the bare baseline's slowest run took ${[...baselineSpread].map(([label, spread]) => `${format(100 * spread)}% longer than its fastest at ${label}`).join(' and ')} (a ratio near its bound can fall either side of it when this is more than a few per cent)`,
    `- start-up to the first reply (init), median of 10: ${format(median(startups), 1)} ms with an empty table (the bare baseline: ${format(median(baselineStartups), 1)} ms); ${format(median(recoveries))} ms on a data directory of 1M live keys (median of 3): ${format(1_000_000 / (median(recoveries) / 1000))} records/s recovered`,
    `- recovery yardsticks, the same directory opened and read the same way in a process of their own (median of 3, in turns with the node): into a plain Map as the Map node keys it, ${format(median(mapRecoveries))} ms (${format(1_000_000 / (median(mapRecoveries) / 1000))} records/s; offsetlog ${format(median(mapRecoveries) / median(recoveries), 2)}× as fast); into a sink that only counts, no table at all, ${format(median(readerRecoveries))} ms (${format(1_000_000 / (median(readerRecoveries) / 1000))} records/s)`,
    '',
    ...targetTable([
      { what: 'memory node ≥ 0.85 × baseline, 1k keys', measured: rate('1k keys', 'memory') / rate('1k keys', 'baseline'), bound: 0.85, unit: '×' },
      { what: 'memory node ≥ 0.70 × baseline, 1M keys', measured: rate('1M keys', 'memory') / rate('1M keys', 'baseline'), bound: 0.7, unit: '×' },
      { what: 'memory node at 1M keys ≥ 0.8 × at 1k keys', measured: rate('1M keys', 'memory') / rate('1k keys', 'memory'), bound: 0.8, unit: '×' },
      { what: 'durable ≥ 0.5 × memory, 1k keys', measured: rate('1k keys', 'durable') / rate('1k keys', 'memory'), bound: 0.5, unit: '×' },
      { what: 'durable ≥ 0.5 × memory, 1M keys', measured: rate('1M keys', 'durable') / rate('1M keys', 'memory'), bound: 0.5, unit: '×' },
      { what: 'replay ≥ 1M records/s, 1k keys', measured: replay1k / 1e6, bound: 1, unit: 'M/s' },
      { what: 'replay ≥ 1M records/s, 1M keys', measured: replay1m / 1e6, bound: 1, unit: 'M/s' },
      { what: 'recovery ≥ 1M records/s, 1M live keys', measured: 1_000 / median(recoveries), bound: 1, unit: 'M/s' },
      { what: 'start-up ≤ 150 ms, empty table', measured: median(startups), bound: 150, unit: ' ms', atMost: true },
      { what: 'peak memory at 1M keys ≤ 3 × plain Map node', measured: peakOf('1M keys', 'memory') / peakOf('1M keys', 'map'), bound: 3, unit: '×', atMost: true },
    ]),
    '',
    ...(await kafkaLines()),
    '',
    ...collisionRow(),
    '',
    ...(await clusterLines()),
    '',
    ...(await jetstreamLines()),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
