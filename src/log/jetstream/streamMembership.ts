import { JetStreamApiError, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { checkMembership } from '../../cluster/membership.js';
import { MEMBERS_STREAM, type StreamNames } from './streamNames.js';

/**
 * Claims a node's streams for the node and cluster init names, or refuses (MembershipError) when
 * they hold another node's share, as a data directory's membership.json does (see membership.ts):
 * one message per node id in the members stream, written once, by the first node to claim them.
 * Called while this writer holds the node id's lease, so no other writer claims meanwhile.
 */
export async function claimStreamMembership(js: JetStreamClient, jsm: JetStreamManager, names: StreamNames, nodeId: string, nodeIds: readonly string[]): Promise<void> {
  const where = `JetStream streams ${names.offsetsStream} and ${names.dataStream}`;
  const held = await jsm.streams.getMessage(MEMBERS_STREAM, { last_by_subj: names.memberSubject });
  if (held !== null) {
    checkMembership(JSON.parse(new TextDecoder().decode(held.data)), nodeId, nodeIds, where);
    return;
  }
  const wanted = checkMembership(undefined, nodeId, nodeIds, where);
  try {
    await js.publish(names.memberSubject, new TextEncoder().encode(JSON.stringify(wanted)), { expect: { lastSubjectSequence: 0 } });
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    // Claimed meanwhile after all (a writer whose lease lapsed as it claimed): the stored claim decides.
    const stored = await jsm.streams.getMessage(MEMBERS_STREAM, { last_by_subj: names.memberSubject });
    checkMembership(stored === null ? undefined : JSON.parse(new TextDecoder().decode(stored.data)), nodeId, nodeIds, where);
  }
}
