import { parseArgs } from 'node:util';
import { describeTable, printableName } from '../../replay/formatTable.js';
import { replaySession, type KeyEvent, type ReplayResult } from '../../replay/replaySession.js';
import { readTranscript } from '../../replay/transcript.js';
import { CliError, EXIT_DISAGREES, EXIT_DONE, EXIT_USAGE } from '../cliError.js';
import { progressReporter } from './progress.js';

export const replayUsage = `offsetlog replay TRANSCRIPT [--until N] [--group G --topic T --partition P] [--no-compare]

Runs a recorded session (a transcript from --record / OFFSETLOG_RECORD, or a fixture's
NAME.in.jsonl beside its NAME.out.jsonl) through a fresh node and checks every reply
against the recorded one, reading the transcript as it goes.

Exits 0 when every recorded reply compared equal and none is missing or extra; 1 at the
first difference, shown with its step (the number of the input line), a reply missing from
or extra to the recording included, and when the recording holds no replies at all (there
is then nothing to compare: run with --no-compare to only run it); 2 when TRANSCRIPT is
not a transcript. A transcript that ends in the middle of a line (a killed recorder) is
replayed up to the cut: the replies after it, which the recorder never wrote, are not a
difference, and the summary says how many there were.

  --until N                 stop after input step N (later input is not read) and print the
                            offset table as it stood; replies up to step N are compared
  --group, --topic, --partition
                            follow one key: every commit that moved it (step, request, client,
                            msg_id, old -> new offset) and every fetch that read it
  --no-compare              only run the session (with --until or a key to follow): replies
                            are not compared, and the exit status is 0

Example:
  offsetlog replay run.jsonl --group analytics --topic orders --partition 0
`;

export async function replayCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { until: { type: 'string' }, group: { type: 'string' }, topic: { type: 'string' }, partition: { type: 'string' }, 'no-compare': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`expected one transcript, got ${positionals.length} paths`, EXIT_USAGE);
  const until = values.until === undefined ? undefined : wholeNumber('--until', values.until, 1);
  const keyParts = [values.group, values.topic, values.partition];
  if (keyParts.some((part) => part !== undefined) && keyParts.some((part) => part === undefined)) {
    throw new CliError('--group, --topic and --partition go together: expected all three or none', EXIT_USAGE);
  }
  const follow =
    values.group === undefined || values.topic === undefined || values.partition === undefined
      ? undefined
      : { group: values.group, topic: values.topic, partition: wholeNumber('--partition', values.partition, 0) };
  const compare = !values['no-compare'];
  const progress = progressReporter('replaying');
  const transcript = readTranscript(positionals[0] as string, { onRead: progress === undefined ? undefined : (read, total) => progress.update(read, total) });
  let result: ReplayResult;
  try {
    result = await replaySession(transcript, { until, follow, compare });
  } finally {
    progress?.finish();
  }
  if (follow !== undefined) process.stdout.write(formatEvents(result.events));
  if (until !== undefined) process.stdout.write(`offset table after step ${result.steps}:\n${describeTable(result.table)}`);
  const { text, status } = summary(result, compare, transcript.cutOff);
  process.stdout.write(text);
  return status;
}

/** What the replay compared, in words that claim a match only when everything was compared. */
function summary(result: ReplayResult, compare: boolean, cutOff: boolean): { text: string; status: number } {
  const { mismatch, steps } = result;
  const ran = result.stoppedAt === undefined ? `${steps} steps` : `stopped after step ${result.stoppedAt} (--until)`;
  if (!compare) return { text: `replay ran: ${ran}; replies not compared (--no-compare)\n`, status: EXIT_DONE };
  if (mismatch !== undefined) {
    const text = [
      `replay differs at step ${mismatch.step}`,
      `  input:    ${mismatch.input}`,
      `  recorded: ${mismatch.expected ?? '(no reply: the recording holds none here)'}`,
      `  replayed: ${mismatch.actual ?? '(no reply)'}`,
      ...(mismatch.expected === undefined || mismatch.actual === undefined ? [] : [`  ${pointAtDifference(mismatch.expected, mismatch.actual)}`]),
      '',
    ].join('\n');
    return { text, status: EXIT_DISAGREES };
  }
  if (result.recordedReplies === 0) return { text: `replay ran: ${ran}; the recording holds no replies to compare\n`, status: EXIT_DISAGREES };
  const identical = `${result.repliesCompared} replies identical`;
  if (result.stoppedAt !== undefined) return { text: `replay ${ran}: ${identical}\n`, status: EXIT_DONE };
  if (cutOff) {
    const after = result.unrecordedReplies;
    const unwritten = after === 0 ? '' : `, and ${after} ${after === 1 ? 'reply after the cut is' : 'replies after the cut are'} not compared`;
    return { text: `replay agrees up to the cut: ${steps} steps, ${identical}; the transcript ends in the middle of a line (a killed recorder)${unwritten}\n`, status: EXIT_DONE };
  }
  return { text: `replay matched: ${steps} steps, ${identical}\n`, status: EXIT_DONE };
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
  if (!Number.isSafeInteger(value) || value < min || text.trim() === '') throw new CliError(`${option} must be an integer from ${min}, got ${JSON.stringify(text)}`, EXIT_USAGE);
  return value;
}
