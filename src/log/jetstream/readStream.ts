import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { isFence } from './streamNames.js';

/** A stored message as a log reads it back at open. */
export interface ReadMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  /** When the stream stored it, in milliseconds since the epoch. */
  readonly time: number;
}

/** How many messages the server sends ahead of the reader: enough to keep the link busy. */
const READ_AHEAD = 10_000;

/**
 * Hands every message of `stream` to `visit`, in sequence order, up to where the stream ended when
 * the read began; returns that sequence (0 for a stream never written). An ordered consumer: the
 * client checks that no message is skipped or repeated, and starts over where it was if one is.
 */
export async function readStream(js: JetStreamClient, jsm: JetStreamManager, stream: string, visit: (message: ReadMessage) => void): Promise<number> {
  const { state } = await jsm.streams.info(stream);
  const last = state.last_seq;
  if (state.messages === 0) return last;
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume({ max_messages: READ_AHEAD });
  try {
    for await (const message of messages) {
      // A writer's fence is no record (see fenceStreams.ts).
      if (!isFence(message.subject)) visit({ seq: message.seq, subject: message.subject, data: message.data, time: message.time.getTime() });
      // A message deleted at the end leaves `last` unseen: nothing pending then means done.
      if (message.seq >= last || message.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
  return last;
}
