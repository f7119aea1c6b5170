import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMembership } from '../../cluster/membership.js';
import { DataDirectoryError } from './dataDirectoryError.js';
import { syncDirectory } from './syncDirectory.js';

/**
 * Claims a data directory for the node init names, or refuses (MembershipError) when it holds
 * another node's share (see checkMembership):
 *   DIR/membership.json   {"node_id": "n1", "node_ids": ["n1", "n2", "n3"]}
 */
export function claimMembership(dataDir: string, nodeId: string, nodeIds: readonly string[]): void {
  const path = join(dataDir, 'membership.json');
  if (existsSync(path)) {
    let held: unknown;
    try {
      held = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new DataDirectoryError(`${path} is not readable JSON: ${(error as Error).message}`);
    }
    checkMembership(held, nodeId, nodeIds, dataDir);
    return;
  }
  const wanted = checkMembership(undefined, nodeId, nodeIds, dataDir);
  // Written whole under another name and renamed, so a crash leaves no half-written claim.
  writeFileSync(`${path}.new`, `${JSON.stringify(wanted)}\n`, { flush: true });
  renameSync(`${path}.new`, path);
  syncDirectory(dataDir);
}
