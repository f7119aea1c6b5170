import { statSync } from 'node:fs';
import { addDataDirectory } from './logTimeline.js';
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
