/** The node a node's logs belong to, and the cluster it was part of, as init gave them. */
export interface Membership {
  readonly node_id: string;
  readonly node_ids: readonly string[];
}

/** Logs that hold another node's share: serving them would answer for groups and keys they do not hold. */
export class MembershipError extends Error {
  override readonly name = 'MembershipError';
}

/**
 * The membership init gives, when the logs at `where` may serve it: they hold none yet (`held`
 * undefined), or this one. A node owns groups and keys by its place among node_ids (see
 * ownership.ts), so another name, another cluster, or the same names in another order would
 * serve a share the logs do not hold.
 */
export function checkMembership(held: unknown, nodeId: string, nodeIds: readonly string[], where: string): Membership {
  const wanted: Membership = { node_id: nodeId, node_ids: [...nodeIds] };
  if (held === undefined) return wanted;
  const { node_id: heldId, node_ids: heldIds } = (held ?? {}) as Partial<Membership>;
  if (JSON.stringify({ node_id: heldId, node_ids: heldIds }) === JSON.stringify(wanted)) return wanted;
  throw new MembershipError(
    `${where} holds the logs of node ${JSON.stringify(heldId)} of ${JSON.stringify(heldIds)}, but init named this node ${JSON.stringify(nodeId)} of ${JSON.stringify(nodeIds)}: ` +
      'ownership follows node_ids, so the logs would not hold what this node would own; start it with the cluster it was part of, or with new logs',
  );
}
