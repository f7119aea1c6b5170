import { kafkaWorkloadLines } from './kafkaWorkload.js';
import { median, type Run, type Subject } from './measure.js';

type Throughput = (label: string, input: Iterable<string>, among: readonly Subject[]) => Promise<Map<string, Run[]>>;

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Maelstrom's kafka workload (sends, polls, a commit after every poll) through the bare baseline
 * and offsetlog in memory and durable (`among`, in that order): the lines of its table.
 */
export async function kafkaRow(requests: number, runs: number, throughput: Throughput, among: readonly [Subject, Subject, Subject]): Promise<string[]> {
  const keys = 1_000;
  process.stderr.write(`kafka workload: ${format(requests)} requests over ${format(keys)} keys, ${runs} runs each\n`);
  const results = await throughput('kafka', kafkaWorkloadLines({ requests, keys, seed: 19 }), among);
  const rate = (subject: Subject) => (requests + 1) / median((results.get(subject.name) ?? []).map((run) => run.seconds));
  const [baseline, memory, durable] = among.map(rate) as [number, number, number];
  return [
    `Maelstrom's kafka workload: ${format(requests)} requests over ${format(keys)} keys (half sends; polls of 4 keys, each followed by a commit of what it read; 5% list_committed_offsets; 8 clients), median of ${runs} runs; requests/s.`,
    '',
    '| workload | baseline | offsetlog, memory | offsetlog, durable |',
    '|---|---|---|---|',
    `| kafka, ${format(keys)} keys | ${format(baseline)} | ${format(memory)} (${format(memory / baseline, 2)}×) | ${format(durable)} (${format(durable / memory, 2)}× memory) |`,
  ];
}
