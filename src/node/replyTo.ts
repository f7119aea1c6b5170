import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { ReadHandler, TableView, Written } from '../requests/requestHandler.js';
import type { Admitted } from './admitted.js';
import { internalError } from './internalError.js';
import type { AppendFailures } from './roundAppender.js';

const UNAVAILABLE_AFTER_REBUILD = errorFields(
  ErrorCode.temporarilyUnavailable,
  'the table was rebuilt from the log after an internal error, so this read cannot be answered as of its place in the order; it may be retried',
);

/**
 * A message's reply: a write's own, or its log's failure when the records it wrote are not in
 * that log; a read's answer from `view`, undefined when reads cannot be answered (after a rebuild).
 */
export function replyTo(message: Admitted, written: Written | undefined, failures: AppendFailures, view: TableView | undefined, logger: (line: string) => void): ReplyFields {
  if (written !== undefined) {
    if (failures.offsets !== undefined && written.records.length > 0) return failures.offsets;
    if (failures.data !== undefined && written.data !== undefined && written.data.length > 0) return failures.data;
    return written.reply;
  }
  const handler = message.handler as ReadHandler<unknown>;
  if (view === undefined) return UNAVAILABLE_AFTER_REBUILD;
  // A bug in a read costs that one request.
  try {
    return handler.answer(message.request, view);
  } catch (error) {
    return internalError(logger, `answering ${handler.type}`, error);
  }
}
