import { decodeMessage } from '../protocol/decodeMessage.js';
import { ErrorCode, errorFields } from '../protocol/errorCodes.js';
import type { ReplyFields } from '../protocol/messages.js';
import { nodeIdOf } from '../requests/init.js';
import { parseRequest, type AnyHandler } from '../requests/registry.js';

/**
 * One message the node took in, kept as what its reply needs rather than the parsed line: a
 * durable round holds thousands of these while its append waits on the disk.
 */
export interface Admitted {
  readonly src: string;
  readonly dest: string;
  readonly inReplyTo: number | undefined;
  /** Undefined for a message answered by `reply` alone (an error found on admission). */
  readonly handler: AnyHandler | undefined;
  readonly request: unknown;
  readonly reply: ReplyFields | undefined;
  /** For init: the name the node takes when it answers. */
  readonly nodeId: string | undefined;
}

/** A line as the node takes it in; undefined (and said on `logger`) for a line that is not a message. */
export function admit(line: string, logger: (line: string) => void): Admitted | undefined {
  const decoded = decodeMessage(line);
  if (!decoded.ok) {
    logger(`skipped a line that is not a message (${decoded.reason}): ${abbreviate(line)}`);
    return undefined;
  }
  const { src, dest, body } = decoded.message;
  // An error reply goes to the request's msg_id when it has a usable one.
  const inReplyTo = Number.isSafeInteger(body.msg_id) ? body.msg_id : undefined;
  try {
    const parsed = parseRequest(body);
    if (!parsed.ok) return answered(src, dest, inReplyTo, errorFields(parsed.code, parsed.text));
    return { src, dest, inReplyTo: parsed.msgId, handler: parsed.handler, request: parsed.request, reply: undefined, nodeId: nodeIdOf(parsed.handler, parsed.request) };
  } catch (error) {
    // A bug must cost one request, not the node.
    logger(`internal error on ${abbreviate(line)}: ${(error as Error).stack ?? String(error)}`);
    return answered(src, dest, inReplyTo, errorFields(ErrorCode.crash, `internal error: ${(error as Error).message}`));
  }
}

/** A message whose reply is known already. */
export function answered(src: string, dest: string, inReplyTo: number | undefined, reply: ReplyFields): Admitted {
  return { src, dest, inReplyTo, handler: undefined, request: undefined, reply, nodeId: undefined };
}

export function abbreviate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}... (${line.length} characters)` : line;
}
