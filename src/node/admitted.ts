import { decodeMessage } from '../protocol/decodeMessage.js';
import { errorFields } from '../protocol/errorCodes.js';
import { internalError } from './internalError.js';
import type { MessageBody, ReplyFields } from '../protocol/messages.js';
import type { Claims } from '../cluster/cluster.js';
import { initOf, type Init } from '../requests/init.js';
import { parseRequest, type AnyHandler } from '../requests/registry.js';
import type { TableView, Written } from '../requests/requestHandler.js';

/**
 * One message the node took in, kept as what its reply needs rather than the parsed line: a
 * durable round holds thousands of these while its append waits on the disk. A write that does
 * not read the table is decided on admission, so its parsed request is garbage at once.
 */
export interface Admitted {
  readonly src: string;
  readonly dest: string;
  readonly inReplyTo: number | undefined;
  /** What is left to do: a read to answer, or a write decided from the table; undefined once `written` says it all. */
  readonly handler: AnyHandler | undefined;
  readonly request: unknown;
  /** Decided on admission: a write's records and reply, or an error (no records). */
  readonly written: Written | undefined;
  /** For init: the name the node takes when it answers, and its cluster. */
  readonly init: Init | undefined;
}

const NO_RECORDS: readonly never[] = [];

/**
 * A line as the node takes it in; undefined (and said on `logger`) for a line that is not a
 * message, and for one its cluster takes (an answer from a node, a request to forward).
 * `view` decides the writes that do not read the table (it gives them the batch's clock).
 */
export function admit(line: string, view: TableView, logger: (line: string) => void, claims?: Claims): Admitted | undefined {
  const decoded = decodeMessage(line);
  if (!decoded.ok) {
    logger(`skipped a line that is not a message (${decoded.reason}): ${abbreviate(line)}`);
    return undefined;
  }
  const { src, dest, body } = decoded.message;
  if (claims !== undefined && isAnswer(body)) {
    // In a cluster an answer is never answered, lest two nodes answer each other's answers forever:
    // from a node this one forwarded to, its cluster takes it; from anyone else it is dropped.
    // (A node alone answers it as any unknown type, as it always has.)
    if (!claims.takeReply(src, body)) logger(`dropped an answer from ${src} that answers nothing this node sent: ${abbreviate(line)}`);
    return undefined;
  }
  // An error reply goes to the request's msg_id when it has a usable one (as parseRequest accepts).
  const msgId = body.msg_id;
  const inReplyTo = typeof msgId === 'number' && Number.isSafeInteger(msgId) && msgId >= 0 ? msgId : undefined;
  try {
    const parsed = parseRequest(body);
    if (!parsed.ok) return answered(src, dest, inReplyTo, errorFields(parsed.code, parsed.text));
    const { handler, request } = parsed;
    if (claims !== undefined && claims.takeRequest({ src, dest, inReplyTo }, body, handler, request, view.now)) return undefined;
    if (handler.kind === 'write' && !handler.decidesFromTable) {
      return { src, dest, inReplyTo, handler: undefined, request: undefined, written: handler.decide(request, view), init: undefined };
    }
    return { src, dest, inReplyTo, handler, request, written: undefined, init: initOf(handler, request) };
  } catch (error) {
    return answered(src, dest, inReplyTo, internalError(logger, `on ${abbreviate(line)}`, error));
  }
}

/** A message whose reply is known already, and which writes nothing. */
export function answered(src: string, dest: string, inReplyTo: number | undefined, reply: ReplyFields): Admitted {
  return { src, dest, inReplyTo, handler: undefined, request: undefined, written: { records: NO_RECORDS, reply }, init: undefined };
}

/** An answer rather than a request: Maelstrom's `TYPE_ok` or `error`, in reply to a message. */
function isAnswer(body: MessageBody): boolean {
  return body.in_reply_to !== undefined && (body.type === 'error' || body.type.endsWith('_ok'));
}

function abbreviate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}... (${line.length} characters)` : line;
}
