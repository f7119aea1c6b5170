import type { JetStreamClient } from '@nats-io/jetstream';
import type { StreamNames } from './streamNames.js';

/**
 * Fences a node's log streams off from any earlier writer, before the new writer reads them: one
 * message on each stream's fence subject. A writer whose claim lapsed (a paused process) still
 * expects its streams to end where it last saw them; past the fence, its next publish is refused
 * for the wrong last sequence, and the catch-up that follows finds another writer's message and
 * stops it (see streamAppender.ts). Without the fence its publish would land, acknowledged, behind
 * the reader's back until the new writer's first append.
 */
export async function fenceStreams(js: JetStreamClient, names: StreamNames, writerId: string): Promise<void> {
  const marker = new TextEncoder().encode(writerId);
  await js.publish(names.offsetsFence, marker, { msgID: `${writerId}.fence` });
  await js.publish(names.dataFence, marker, { msgID: `${writerId}.fence` });
}
