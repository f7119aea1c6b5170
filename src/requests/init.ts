import { requireName, requireNameArray } from '../protocol/fieldValidators.js';
import type { ReplyFields } from '../protocol/messages.js';
import type { ReadHandler } from './requestHandler.js';

/**
 * Maelstrom's init, which names the node:
 *   {"type": "init", "msg_id", "node_id", "node_ids": [id, ...]} -> {"type": "init_ok"}
 * The node takes the name when it answers (see offsetNode.ts); replies before that come from the request's `dest`.
 */
export interface Init {
  readonly nodeId: string;
  readonly nodeIds: readonly string[];
}

const OK: ReplyFields = { type: 'init_ok' };

export const init: ReadHandler<Init> = {
  kind: 'read',
  type: 'init',
  parse: (body) => ({ nodeId: requireName(body['node_id'], 'node_id'), nodeIds: requireNameArray(body, 'node_ids') }),
  answer: () => OK,
};

/** What a parsed request tells the node of itself: init's names, or undefined for any other request. */
export function initOf(handler: unknown, request: unknown): Init | undefined {
  return handler === init ? (request as Init) : undefined;
}
