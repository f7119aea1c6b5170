import type { MessageBody } from '../../protocol/messages.js';
import { commitOffset, type CommitOffset } from '../../requests/commitOffset.js';
import { commitOffsets, type CommitOffsets } from '../../requests/commitOffsets.js';
import { deleteGroups, type DeleteGroups } from '../../requests/deleteGroups.js';
import { fetchOffset, type FetchOffset } from '../../requests/fetchOffset.js';
import { offsetCommit, type OffsetCommit } from '../../requests/offsetCommit.js';
import { offsetDelete, type OffsetDelete } from '../../requests/offsetDelete.js';
import { offsetFetch, type OffsetFetch } from '../../requests/offsetFetch.js';
import { parseRequest } from '../../requests/registry.js';

/**
 * A recorded request as the report reads it: parsed by the node's own handlers (so the report
 * and the node agree on what is valid), and named by which handler took it.
 */
export type KnownRequest =
  | { readonly kind: 'commit'; readonly request: CommitOffset }
  | { readonly kind: 'offset commit'; readonly request: OffsetCommit }
  /** The kafka workload's commit_offsets: each key a topic of the group, partition 0. */
  | { readonly kind: 'commit offsets'; readonly request: CommitOffsets }
  | { readonly kind: 'offset delete'; readonly request: OffsetDelete }
  | { readonly kind: 'delete groups'; readonly request: DeleteGroups }
  | { readonly kind: 'fetch'; readonly request: FetchOffset }
  | { readonly kind: 'offset fetch'; readonly request: OffsetFetch }
  | { readonly kind: 'other' };

/** The request a body makes and the type of the reply that acknowledges it; undefined when it is not valid. */
export function knownRequest(body: MessageBody): { readonly known: KnownRequest; readonly okType: string } | undefined {
  const parsed = parseRequest(body);
  if (!parsed.ok) return undefined;
  const { handler, request } = parsed;
  const okType = `${handler.type}_ok`;
  if (handler === commitOffset) return { known: { kind: 'commit', request: request as CommitOffset }, okType };
  if (handler === offsetCommit) return { known: { kind: 'offset commit', request: request as OffsetCommit }, okType };
  if (handler === commitOffsets) return { known: { kind: 'commit offsets', request: request as CommitOffsets }, okType };
  if (handler === offsetDelete) return { known: { kind: 'offset delete', request: request as OffsetDelete }, okType };
  if (handler === deleteGroups) return { known: { kind: 'delete groups', request: request as DeleteGroups }, okType };
  if (handler === fetchOffset) return { known: { kind: 'fetch', request: request as FetchOffset }, okType };
  if (handler === offsetFetch) return { known: { kind: 'offset fetch', request: request as OffsetFetch }, okType };
  return { known: { kind: 'other' }, okType };
}

/** Whether a body names one of the commit requests, valid or not. */
export function isCommitType(type: string): 'commit' | 'offset commit' | undefined {
  return type === commitOffset.type ? 'commit' : type === offsetCommit.type ? 'offset commit' : undefined;
}
