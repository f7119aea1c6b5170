import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirectoryError } from './dataDirectoryError.js';
import { syncDirectory } from './syncDirectory.js';

/**
 * Which node a data directory belongs to, and the cluster it was part of:
 *   DIR/membership.json   {"node_id": "n1", "node_ids": ["n1", "n2", "n3"]}
 * A node owns groups and keys by their place among node_ids (see ownership.ts), so its logs hold
 * exactly that share. Started again with another name or another cluster, it would serve a share
 * its logs do not hold: it is refused instead.
 */
export function claimMembership(dataDir: string, nodeId: string, nodeIds: readonly string[]): void {
  const path = join(dataDir, 'membership.json');
  const wanted = { node_id: nodeId, node_ids: [...nodeIds] };
  if (!existsSync(path)) {
    // Written whole under another name and renamed, so a crash leaves no half-written claim.
    writeFileSync(`${path}.new`, `${JSON.stringify(wanted)}\n`, { flush: true });
    renameSync(`${path}.new`, path);
    syncDirectory(dataDir);
    return;
  }
  let held: { node_id?: unknown; node_ids?: unknown };
  try {
    held = JSON.parse(readFileSync(path, 'utf8')) as typeof held;
  } catch (error) {
    throw new DataDirectoryError(`${path} is not readable JSON: ${(error as Error).message}`);
  }
  if (JSON.stringify({ node_id: held.node_id, node_ids: held.node_ids }) !== JSON.stringify(wanted)) {
    throw new DataDirectoryError(
      `${dataDir} holds the logs of node ${JSON.stringify(held.node_id)} of ${JSON.stringify(held.node_ids)}, but init named this node ${JSON.stringify(nodeId)} of ${JSON.stringify(nodeIds)}: ` +
        'ownership follows node_ids, so the logs would not hold what this node would own; start it with the cluster it was part of, or with a new data directory',
    );
  }
}
