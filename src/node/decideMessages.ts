import type { AppendHandler, OffsetReservation, TableView, WriteHandler, Written } from '../requests/requestHandler.js';
import type { Admitted } from './admitted.js';
import { internalError } from './internalError.js';
import type { NextOffsets } from './nextOffsets.js';

/**
 * What the messages of a round decide as the round is decided, by index: a write decided from the
 * table (only ever the first), and each send, which takes its key's next offset now. Undefined
 * when none is such a message; the others were decided on admission or are reads.
 */
export function decideMessages(messages: readonly Admitted[], view: TableView, nextOffsets: NextOffsets, logger: (line: string) => void): (Written | undefined)[] | undefined {
  let decided: (Written | undefined)[] | undefined;
  let reservation: OffsetReservation | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as Admitted;
    const handler = message.handler;
    if (handler?.kind === 'append') {
      reservation ??= nextOffsets.reservation();
      const offsets = reservation;
      (decided ??= [])[index] = decideOne(handler, () => (handler as AppendHandler<unknown>).decide(message.request, offsets), logger);
    } else if (handler?.kind === 'write') {
      (decided ??= [])[index] = decideOne(handler, () => (handler as WriteHandler<unknown>).decide(message.request, view), logger);
    }
  }
  return decided;
}

/** A bug in a decision costs that one request. */
function decideOne(handler: { readonly type: string }, decide: () => Written, logger: (line: string) => void): Written {
  try {
    return decide();
  } catch (error) {
    return { records: [], reply: internalError(logger, `deciding ${handler.type}`, error) };
  }
}
