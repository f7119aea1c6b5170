import { join } from 'node:path';
import { keyFor, workloadLines } from './workload.js';
import { median, repoRoot, timeToFirstReply, type Run, type Subject } from './measure.js';
import type { OffsetRecord } from '../src/log/format/offsetRecord.js';
import { jetStreamOptions } from '../src/log/jetstream/jetStreamOptions.js';
import { openJetStreamLogs } from '../src/log/jetstream/openJetStreamLogs.js';
import { NatsCluster } from '../test/helpers/natsCluster.js';

/** JetStream acknowledges each round over the network: its runs are kept shorter than the other rows'. */
const MAX_REQUESTS = 100_000;

type Throughput = (label: string, input: Iterable<string>, among: readonly Subject[]) => Promise<Map<string, Run[]>>;

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Fills node `nodeId`'s offsets stream with `keys` live keys, each committed once. */
async function fillStream(urls: readonly string[], nodeId: string, keys: number): Promise<void> {
  const logs = await openJetStreamLogs(jetStreamOptions(urls), nodeId, () => {});
  for (let start = 0; start < keys; start += 20_000) {
    const batch: OffsetRecord[] = [];
    for (let i = start; i < Math.min(keys, start + 20_000); i++) batch.push({ key: keyFor(i), value: { offset: i, commitTimestamp: 1_700_000_000_000 } });
    await logs.log.append(batch);
  }
  await logs.dataLog.close();
  await logs.log.close();
}

/**
 * The commit workload through the data-directory node and through the node with its logs in
 * JetStream, on one server and on a 3-server cluster (3 replicas), on loopback; and start-up from
 * a stream of 1M live keys beside start-up from a data directory of as many (`durableDirectory`).
 */
export async function jetstreamRow(allRequests: number, runs: number, throughput: Throughput, durable: Subject, durableDirectory: (keys: number) => Promise<string>): Promise<string[]> {
  const requests = Math.min(allRequests, MAX_REQUESTS);
  const keys = 1_000;
  const one = await NatsCluster.start(1);
  const three = await NatsCluster.start(3);
  try {
    const node = join(repoRoot, 'bin/offsetlog-node');
    const single: Subject = { name: 'jetstream-1', script: node, env: () => ({ OFFSETLOG_NATS_URL: one.urls.join(',') }) };
    const cluster: Subject = { name: 'jetstream-3', script: node, env: () => ({ OFFSETLOG_NATS_URL: three.urls.join(',') }) };
    process.stderr.write(`jetstream: ${format(requests)} requests over ${format(keys)} keys, ${runs} runs each\n`);
    const results = await throughput('jetstream', workloadLines({ requests, keys, commitShare: 0.75, seed: 42 }), [durable, single, cluster]);
    const rate = (subject: Subject) => (requests + 1) / median((results.get(subject.name) ?? []).map((run) => run.seconds));
    const [disk, js1, js3] = [durable, single, cluster].map(rate) as [number, number, number];
    process.stderr.write('jetstream: filling a stream with 1M live keys\n');
    const fillStarted = performance.now();
    await fillStream(one.urls, 'n1', 1_000_000);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const directory = await durableDirectory(1_000_000);
    const recovery: Subject = { name: 'recovery', script: node, env: () => ({ OFFSETLOG_DATA_DIR: directory }) };
    const startupSubject: Subject = { name: 'jetstream-start-up', script: node, env: () => ({ OFFSETLOG_NATS_URL: one.urls.join(',') }) };
    const startups: number[] = [];
    const diskStartups: number[] = [];
    for (let i = 0; i < 3; i++) {
      startups.push(await timeToFirstReply(startupSubject));
      diskStartups.push(await timeToFirstReply(recovery));
    }
    return [
      `The node's logs in NATS JetStream (nats-server ${await serverVersion()}, loopback): ${format(requests)} requests over ${format(keys)} keys (75% commits, 25% fetches, 8 clients), median of ${runs} runs; requests/s.`,
      '',
      '| workload | offsetlog, data directory | JetStream, 1 server | JetStream, 3-server cluster (3 replicas) |',
      '|---|---|---|---|',
      `| commits, ${format(keys)} keys | ${format(disk)} | ${format(js1)} (${format(js1 / disk, 2)}× data directory) | ${format(js3)} (${format(js3 / disk, 2)}× data directory) |`,
      '',
      `- start-up to the first reply from a stream of 1M live keys (1 server, median of 3): ${format(median(startups))} ms (${format(1_000_000 / (median(startups) / 1000))} records/s); from a data directory of 1M live keys, in turns: ${format(median(diskStartups))} ms (${format(median(startups) / median(diskStartups), 2)}×)`,
      `- filling that stream through the log's own appends, 20,000 records an append: ${format(fillSeconds, 1)} s (${format(1_000_000 / fillSeconds)} records/s)`,
    ];
  } finally {
    await one.close();
    await three.close();
  }
}

async function serverVersion(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const binary = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^nats-server: /, '');
}
