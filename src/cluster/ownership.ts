import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../log/partitionFor.js';
import type { Owners } from '../requests/requestHandler.js';

/**
 * Partitions ownership is dealt in, whatever a node's own log uses, so that every node of a
 * cluster computes the same owners.
 */
const OWNERSHIP_PARTITIONS = DEFAULT_LOG_PARTITIONS;

/**
 * Who owns what, as Kafka places group coordinators: a group belongs to the node its
 * `__consumer_offsets` partition maps to, partitions dealt out over node_ids in their given order;
 * a data-log key belongs to the node its own partition maps to. Every node derives the same
 * answer from init's node_ids, so no node has to be asked.
 */
export class Ownership implements Owners {
  constructor(
    readonly self: string,
    readonly nodeIds: readonly string[],
  ) {}

  ofGroup(group: string): string {
    return this.nodeIds[partitionFor(group, OWNERSHIP_PARTITIONS) % this.nodeIds.length] as string;
  }

  ofKey(key: string): string {
    return this.nodeIds[partitionFor(key, OWNERSHIP_PARTITIONS) % this.nodeIds.length] as string;
  }

  isNode(id: string): boolean {
    return this.nodeIds.includes(id);
  }
}
