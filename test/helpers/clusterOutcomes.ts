import type { Body } from './liveNode.js';
import type { Requester } from './kafkaWorkload.js';

/** A request a client sent to a node, and what came back (undefined: the node died first). */
export interface Outcome {
  readonly node: string;
  readonly request: Body;
  readonly reply: Body | undefined;
}

const READS = new Set(['fetch_offset', 'offset_fetch', 'list_groups', 'poll', 'list_committed_offsets']);

/**
 * The error a node owes a request whose owner did not answer in time: 11 (temporarily unavailable,
 * definite) for a read, which changed nothing; 0 (timeout, indefinite) for a write, which may have.
 */
export function timeoutCodeFor(type: string): 0 | 11 {
  return READS.has(type) ? 11 : 0;
}

/** A requester that also notes every request and its reply in `outcomes`. */
export function recording(pick: () => string, send: (node: string, src: string, body: Body & { msg_id: number }) => Promise<Body | undefined>, outcomes: Outcome[]): Requester {
  return async (src, body) => {
    const node = pick();
    const reply = await send(node, src, body);
    outcomes.push({ node, request: body, reply });
    return reply;
  };
}

/** Outcomes that are neither an ok reply nor the timeout error the request's kind owes, in words. */
export function unlikeOkOrTimeout(outcomes: readonly Outcome[]): string[] {
  return outcomes
    .filter(({ request, reply }) => {
      const type = String(request['type']);
      return !(reply?.['type'] === `${type}_ok` || (reply?.['type'] === 'error' && reply['code'] === timeoutCodeFor(type)));
    })
    .map(({ node, request, reply }) => `${node} answered ${JSON.stringify(request)} with ${JSON.stringify(reply)}, expected ${request['type']}_ok or error ${timeoutCodeFor(String(request['type']))}`);
}

/** Outcomes that are not ok replies, in words. */
export function notOk(outcomes: readonly Outcome[]): string[] {
  return outcomes
    .filter(({ request, reply }) => reply?.['type'] !== `${request['type']}_ok`)
    .map(({ node, request, reply }) => `${node} answered ${JSON.stringify(request)} with ${JSON.stringify(reply)}`);
}
