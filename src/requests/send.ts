import { describeValue } from '../protocol/describeValue.js';
import { FieldError, requireName } from '../protocol/fieldValidators.js';
import type { AppendHandler } from './requestHandler.js';

/**
 * Maelstrom's kafka workload send:
 *   {"type": "send", "msg_id", "key", "msg"} -> {"type": "send_ok", "offset"}
 * Appends `msg` (any JSON value) to the data log of `key`; the offset is the key's next, 0, 1, 2, …
 * in the order the node accepts sends, and the reply comes once the message is in the log.
 */
export interface Send {
  readonly key: string;
  readonly msg: unknown;
}

export const send: AppendHandler<Send> = {
  kind: 'append',
  type: 'send',
  route: { ownedBy: 'key', name: (request) => request.key },
  parse: (body) => {
    const msg = body['msg'];
    if (msg === undefined) throw new FieldError(`msg must be a JSON value, got ${describeValue(msg)}`);
    return { key: requireName(body['key'], 'key'), msg };
  },
  decide: (request, offsets) => {
    const offset = offsets.reserve(request.key);
    return { records: [], data: [{ key: request.key, offset, msg: request.msg }], reply: { type: 'send_ok', offset } };
  },
};
