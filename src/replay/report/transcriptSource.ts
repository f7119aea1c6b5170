import { readTranscript } from '../transcript.js';

/**
 * One entry of a recorded session (see transcript.ts for the format): a line in or out, or the
 * settings a (re)started node ran with.
 */
export type TranscriptItem =
  | { readonly dir: 'config'; readonly t: number; readonly durable: boolean; readonly retentionMs: number | undefined }
  | { readonly dir: 'in' | 'out'; readonly t: number; readonly line: string };

/** How many entries the report takes at a time. */
const ITEMS_PER_VISIT = 4096;

/**
 * Hands a transcript's entries to `visit` in file order, a batch at a time, as transcript.ts
 * reads them (streaming: a recording can be larger than a string can be), with a config item
 * where each recorded run starts. A fixture's NAME.in.jsonl is read with its NAME.out.jsonl.
 * Resolves with whether the file ends in the middle of a line, as a killed recorder leaves it.
 */
export async function readTranscriptItems(path: string, visit: (items: readonly TranscriptItem[]) => void): Promise<{ readonly cutOff: boolean }> {
  const transcript = readTranscript(path);
  let batch: TranscriptItem[] = [];
  for (const session of transcript.sessions) {
    const { config, startedAt } = session;
    if (startedAt !== undefined) batch.push({ dir: 'config', t: startedAt, durable: config.durable === true, retentionMs: config.retentionMs });
    for (const entry of session.entries) {
      batch.push(entry);
      if (batch.length >= ITEMS_PER_VISIT) {
        visit(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) visit(batch);
  return Promise.resolve({ cutOff: transcript.cutOff });
}
