import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MembershipError } from '../../../src/cluster/membership.js';
import { claimMembership } from '../../../src/log/file/membership.js';

describe('claimMembership', () => {
  it('claims a new directory for a node and its cluster, and lets the same node claim it again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-membership-'));
    try {
      claimMembership(dir, 'n2', ['n1', 'n2', 'n3']);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'membership.json'), 'utf8')), { node_id: 'n2', node_ids: ['n1', 'n2', 'n3'] });
      claimMembership(dir, 'n2', ['n1', 'n2', 'n3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses another name, or the same name in another cluster, naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-membership-'));
    try {
      claimMembership(dir, 'n2', ['n1', 'n2', 'n3']);
      assert.throws(() => claimMembership(dir, 'n1', ['n1', 'n2', 'n3']), (error: Error) => error instanceof MembershipError && /node "n2" of \["n1","n2","n3"\].*"n1" of \["n1","n2","n3"\]/.test(error.message));
      assert.throws(() => claimMembership(dir, 'n2', ['n1', 'n2']), /init named this node "n2" of \["n1","n2"\]/);
      // The order of node_ids is the ownership: the same names in another order are another cluster.
      assert.throws(() => claimMembership(dir, 'n2', ['n3', 'n2', 'n1']), MembershipError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
