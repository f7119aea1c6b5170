import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readRuns } from '../../replay/report/readRuns.js';
import { buildReportData } from '../../replay/report/reportData.js';
import { writeReportHtml } from '../../replay/report/reportHtml.js';
import { CliError, EXIT_USAGE } from '../cliError.js';

export const reportUsage = `offsetlog report RUN... -o FILE [--title TEXT]

Draws a run as one HTML file that opens offline: for every group, each topic-partition's
committed offset over time, with commits, rewinds (commits that moved an offset back),
refused commits, deletes, expiries and fetches; requests per second by type, errors by
code, and the groups ranked by rewinds. Every point shows the 'offsetlog replay RUN
--until N' command that stops there. Only acknowledged commits move an offset.

RUN is a transcript (from --record / OFFSETLOG_RECORD; give one per node to draw them
together), a fixture's NAME.in.jsonl beside its NAME.out.jsonl, or a data directory,
whose records give the timeline without clients, msg_ids or fetches; so does
nats://HOST:PORT/NODE_ID, node NODE_ID's JetStream streams.

  -o, --output FILE   where to write the report
  --title TEXT        the page's title (default: the inputs' names)

Example:
  offsetlog serve --record run.jsonl < requests.jsonl > replies.jsonl
  offsetlog report run.jsonl -o report.html
`;

export async function reportCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { output: { type: 'string', short: 'o' }, title: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new CliError('report takes at least one transcript or data directory', EXIT_USAGE);
  if (values.output === undefined) throw new CliError('report needs -o FILE, the HTML file to write', EXIT_USAGE);
  for (const path of positionals) if (!path.startsWith('nats://') && !existsSync(path)) throw new CliError(`${path}: no such file or directory`, EXIT_USAGE);
  const history = await readRuns(positionals);
  const data = buildReportData(history, values.title ?? `offsetlog report: ${positionals.join(', ')}`);
  const bytes = writeReportHtml(data, values.output);
  for (const warning of data.warnings) process.stderr.write(`offsetlog report: ${warning}\n`);
  const counted = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
  const stats = data.groupStats;
  const summary = [
    counted(data.requests.total, 'request'),
    counted(data.groups.length, 'group'),
    counted(data.series.count, 'partition'),
    counted(sum(stats.commits), 'commit'),
    counted(sum(stats.rewinds), 'rewind'),
    counted(sum(data.errors.map((tally) => tally.count)), 'error reply', 'error replies'),
  ];
  process.stdout.write(`wrote ${values.output} (${size(bytes)}): ${summary.join(', ')}\n`);
  return 0;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
