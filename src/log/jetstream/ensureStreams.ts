import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { MEMBERS_STREAM, MEMBERS_SUBJECTS, WRITERS_STREAM, WRITERS_SUBJECTS, type StreamNames } from './streamNames.js';

/** How long the server remembers a message id: a publish resent within it is stored once. */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * Creates the node's streams where they are missing; one that exists is used as it is.
 *
 * Compaction is the offsets stream's own: one subject per record key and one message kept per
 * subject (`max_msgs_per_subject` 1), which is Kafka's key compaction done by the server as each
 * record lands, on every replica, with nothing for the node to run or to get wrong. A tombstone
 * is the last message of its subject and so stays until its retention ends (see JetStreamLog).
 * The data stream keeps everything: a poll may read any offset.
 */
export async function ensureStreams(jsm: JetStreamManager, names: StreamNames, replicas: number): Promise<void> {
  const common = { storage: StorageType.File, num_replicas: replicas, duplicate_window: nanos(DUPLICATE_WINDOW_MS), discard: DiscardPolicy.Old };
  await ensureStream(jsm, { ...common, name: names.offsetsStream, subjects: [names.offsetsSubjects], max_msgs_per_subject: 1 });
  await ensureStream(jsm, { ...common, name: names.dataStream, subjects: [names.dataSubject, names.dataFence] });
  await ensureStream(jsm, { ...common, name: WRITERS_STREAM, subjects: [WRITERS_SUBJECTS], max_msgs_per_subject: 1 });
  await ensureStream(jsm, { ...common, name: MEMBERS_STREAM, subjects: [MEMBERS_SUBJECTS], max_msgs_per_subject: 1 });
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
  }
  try {
    await jsm.streams.add(config);
  } catch (error) {
    // Another node created it meanwhile (the writers stream is shared): that one is used.
    if (!(error instanceof JetStreamApiError) || !/already in use/.test(error.message)) throw error;
  }
}
