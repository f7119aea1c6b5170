import { parseArgs } from 'node:util';
import { replaySession, type KeyEvent, type ReplayResult } from '../../replay/replaySession.js';
import { readTranscript } from '../../replay/transcript.js';
import { describeTable, printableName } from '../../replay/formatTable.js';
import { progressReporter } from './progress.js';
import { EXIT_MISMATCH, UsageError } from './usageError.js';

export const replayUsage = `offsetlog replay TRANSCRIPT [--until N] [--group G --topic T --partition P]

Runs a recorded session (a transcript from --record / OFFSETLOG_RECORD, or a fixture's
NAME.in.jsonl beside its NAME.out.jsonl) through a fresh node and checks every reply
against the recorded one. Exits 0 when they all match, 1 at the first difference, which
is shown with its step (the number of the input line).

  --until N                 stop after input step N and print the offset table as it stood
  --group, --topic, --partition
                            follow one key: every commit that moved it (step, client,
                            msg_id, old -> new offset) and every fetch that read it

Example:
  offsetlog replay run.transcript.jsonl --group analytics --topic orders --partition 0
`;

export async function replayCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { until: { type: 'string' }, group: { type: 'string' }, topic: { type: 'string' }, partition: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('replay takes one transcript');
  const until = values.until === undefined ? undefined : wholeNumber('--until', values.until, 1);
  const keyParts = [values.group, values.topic, values.partition];
  if (keyParts.some((part) => part !== undefined) && keyParts.some((part) => part === undefined)) {
    throw new UsageError('--group, --topic and --partition go together');
  }
  const follow =
    values.group === undefined || values.topic === undefined || values.partition === undefined
      ? undefined
      : { group: values.group, topic: values.topic, partition: wholeNumber('--partition', values.partition, 0) };
  const transcript = readTranscript(positionals[0] as string);
  if (transcript.cutOff) process.stderr.write('offsetlog replay: the transcript ends in the middle of a line (a killed recorder); replaying up to it\n');
  const result = await replaySession(transcript, { until, follow, onProgress: progressReporter('replaying') });
  if (follow !== undefined) process.stdout.write(formatEvents(result.events));
  if (until !== undefined) process.stdout.write(`offset table after step ${result.steps}:\n${describeTable(result.table)}`);
  process.stdout.write(summary(result));
  return result.mismatch === undefined ? 0 : EXIT_MISMATCH;
}

function summary(result: ReplayResult): string {
  const { mismatch } = result;
  if (mismatch === undefined) {
    const extra = result.unrecordedReplies > 0 ? `; ${result.unrecordedReplies} more replies than the recording holds (it ended first)` : '';
    return `replay matched: ${result.steps} steps, ${result.repliesCompared} replies identical${extra}\n`;
  }
  return [
    `replay differs at step ${mismatch.step}`,
    `  input:    ${mismatch.input}`,
    `  recorded: ${mismatch.expected ?? '(no reply)'}`,
    `  replayed: ${mismatch.actual ?? '(no reply)'}`,
    `  ${pointAtDifference(mismatch.expected ?? '', mismatch.actual ?? '')}`,
    '',
  ].join('\n');
}

/** A caret under the first character where two lines part. */
function pointAtDifference(expected: string, actual: string): string {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  return `${' '.repeat('recorded: '.length + at)}^ first difference, at character ${at + 1}`;
}

function formatEvents(events: readonly KeyEvent[]): string {
  if (events.length === 0) return 'no request touched that key\n';
  const shown = (offset: number | undefined) => (offset === undefined ? 'none' : String(offset));
  return events
    .map((event) => {
      const who = `${printableName(event.client)} msg_id ${event.msgId ?? '-'}`;
      if (event.kind === 'fetch') return `step ${event.step}  fetch_offset   ${who}  read ${event.offset}`;
      const backwards = event.from !== undefined && event.to !== undefined && event.to < event.from ? '  (backwards)' : '';
      return `step ${event.step}  ${event.request.padEnd(13)}  ${who}  ${shown(event.from)} -> ${shown(event.to)}${backwards}`;
    })
    .join('\n')
    .concat('\n');
}

export function wholeNumber(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || text.trim() === '') throw new UsageError(`${option} must be an integer from ${min}, got ${JSON.stringify(text)}`);
  return value;
}
