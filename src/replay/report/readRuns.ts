import { statSync } from 'node:fs';
import { jetStreamLocation, type JetStreamLocation } from '../../log/jetstream/jetStreamLocation.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../../log/partitionFor.js';
import { addDataDirectory, addLogEntries } from './logTimeline.js';
import type { LogEntry } from './logSource.js';
import { RunOverview } from './runOverview.js';
import { Timeline } from './timeline.js';
import { TranscriptTimelineBuilder } from './transcriptTimeline.js';
import { NotATranscriptError } from '../transcript.js';
import { readTranscriptItems } from './transcriptSource.js';

export interface RunHistory {
  readonly timeline: Timeline;
  readonly overview: RunOverview;
}

/**
 * Reads every input of a report into one timeline: transcripts (one per node, or a fixture's
 * NAME.in.jsonl) and data directories, in the order given.
 */
export async function readRuns(paths: readonly string[]): Promise<RunHistory> {
  const timeline = new Timeline();
  const overview = new RunOverview();
  for (const path of paths) {
    timeline.startInput();
    const location = jetStreamLocation(path);
    if (location !== undefined) {
      addLogEntries(path, await jetStreamEntries(location), timeline, overview);
      continue;
    }
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      throw new NotATranscriptError(`${path}: no such file or directory, expected a transcript or a data directory`);
    }
    if (directory) {
      addDataDirectory(path, timeline, overview);
      continue;
    }
    const builder = new TranscriptTimelineBuilder(timeline, overview, overview.addSource({ kind: 'transcript', path }));
    const { cutOff } = await readTranscriptItems(path, (items) => {
      for (const item of items) builder.take(item);
    });
    if (cutOff) overview.warn(`${path} ends in the middle of a line (a killed recorder); the report goes up to it`);
    builder.finish();
  }
  return { timeline, overview };
}

/** A node's offsets stream as log entries: each record in its partition, its sequence as its offset. */
async function jetStreamEntries(location: JetStreamLocation): Promise<LogEntry[]> {
  const { readJetStreamLogs } = await import('../../log/jetstream/readJetStreamLogs.js');
  const entries: LogEntry[] = [];
  await readJetStreamLogs(location, { offsets: (record, seq) => entries.push({ partition: partitionFor(record.key.group, DEFAULT_LOG_PARTITIONS), offset: seq, record }) });
  return entries;
}
