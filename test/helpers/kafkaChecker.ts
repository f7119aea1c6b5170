import type { KafkaHistory } from './kafkaWorkload.js';

/**
 * What Maelstrom's kafka checker checks, over a history and the final log of each key (read by
 * polling from 0): the problems found, in words; none when the run is sound.
 * - the final log of each key is contiguous from 0, and no message sits at two offsets;
 * - every acknowledged send is in the final log at the offset its send_ok gave (no lost write, and
 *   no offset with two values: two sends acknowledged at one offset cannot both be there);
 * - every poll's run for a key starts exactly at the offset asked, is contiguous, and agrees with the final log;
 * - a message in the final log was sent (acknowledged or not);
 * - committed offsets listed are only values some client committed.
 */
export function checkKafkaHistory(history: KafkaHistory, log: ReadonlyMap<string, readonly (readonly [number, number])[]>): string[] {
  const problems: string[] = [];
  const placed = new Map<number, string>();
  for (const [key, run] of log) {
    run.forEach(([offset, msg], index) => {
      if (offset !== index) problems.push(`final log of ${key}: entry ${index} has offset ${offset}`);
      const where = `${key}@${offset}`;
      const before = placed.get(msg);
      if (before !== undefined) problems.push(`message ${msg} is at ${before} and at ${where}`);
      placed.set(msg, where);
    });
  }
  const sentMsgs = new Set([...history.sent.map((send) => send.msg), ...history.unsure.map((send) => send.msg)]);
  for (const msg of placed.keys()) if (!sentMsgs.has(msg)) problems.push(`message ${msg} is in the log but was never sent`);
  const acknowledgedAt = new Map<string, number>();
  for (const { key, msg, offset } of history.sent) {
    const found = log.get(key)?.[offset];
    if (found === undefined) problems.push(`lost write: ${msg} acknowledged at ${key}@${offset}, but the log of ${key} holds ${log.get(key)?.length ?? 0}`);
    else if (found[1] !== msg) problems.push(`${key}@${offset} holds ${found[1]}, but ${msg} was acknowledged there`);
    const other = acknowledgedAt.get(`${key}\u0000${offset}`);
    if (other !== undefined) problems.push(`${key}@${offset} was given to ${other} and to ${msg}`);
    acknowledgedAt.set(`${key}\u0000${offset}`, msg);
  }
  for (const { offsets, msgs } of history.polls) {
    for (const [key, run] of Object.entries(msgs)) {
      const from = offsets[key];
      if (from === undefined) {
        problems.push(`a poll returned ${key}, which it did not ask for`);
        continue;
      }
      if (run.length === 0) problems.push(`a poll returned an empty run for ${key}`);
      run.forEach(([offset, msg], index) => {
        if (offset !== from + index) problems.push(`a poll of ${key} from ${from} returned offset ${offset} at position ${index}`);
        const final = log.get(key)?.[offset];
        if (final === undefined || final[1] !== msg) problems.push(`a poll saw ${msg} at ${key}@${offset}, the final log has ${JSON.stringify(final)}`);
      });
    }
  }
  for (const listed of history.listed) {
    for (const [key, offset] of Object.entries(listed)) {
      if (!history.committed.get(key)?.has(offset)) problems.push(`${key} listed as committed at ${offset}, which no client committed`);
    }
  }
  return problems;
}
