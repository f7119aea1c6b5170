import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';

/** A bug met while handling one request: said on the logger with its stack, and answered with code 13, so it costs that request, not the node. */
export function internalError(logger: (line: string) => void, during: string, error: unknown): ReplyFields {
  logger(`internal error ${during}: ${(error as Error).stack ?? String(error)}`);
  return errorFields(ErrorCode.crash, `internal error: ${(error as Error).message}`);
}
