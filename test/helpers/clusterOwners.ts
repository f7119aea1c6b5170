import type { ClusterRouter } from './clusterRouter.js';
import type { Body } from './liveNode.js';

/**
 * The nodes a read sent to `entry` is forwarded to: those that own some of what it names, other
 * than `entry`. Nothing else may be in flight meanwhile, or another request's forward could be
 * taken for this one's.
 */
export async function forwardedTo(router: ClusterRouter, entry: string, read: Body & { msg_id: number }): Promise<Set<string>> {
  const before = router.nodeMessages.length;
  const reply = await router.request(entry, 'owner-probe', read);
  if (typeof reply?.['type'] !== 'string' || !reply['type'].endsWith('_ok')) {
    throw new Error(`${entry} should answer ${JSON.stringify(read)} with an ok reply, got ${JSON.stringify(reply)}`);
  }
  return new Set(
    router.nodeMessages
      .slice(before)
      .filter((message) => message.src === entry && message.body['in_reply_to'] === undefined)
      .map((message) => message.dest),
  );
}

/**
 * The node that owns what a read of one group or one key names, seen from outside: sent to
 * `entry`, a read of something another node owns goes to that node; one `entry` owns goes nowhere.
 */
export async function ownerOf(router: ClusterRouter, entry: string, read: Body & { msg_id: number }): Promise<string> {
  const owners = await forwardedTo(router, entry, read);
  if (owners.size > 1) throw new Error(`expected a read of one owner's share, but ${entry} forwarded it to ${[...owners].join(' and ')}`);
  return [...owners][0] ?? entry;
}

/** The owner of each group (by fetch_offset) and of each key (by poll), asked of `entry`. */
export async function ownersOf(router: ClusterRouter, entry: string, groups: readonly string[], keys: readonly string[]): Promise<{ groups: Map<string, string>; keys: Map<string, string> }> {
  let msgId = 0;
  const groupOwners = new Map<string, string>();
  for (const group of groups) groupOwners.set(group, await ownerOf(router, entry, { type: 'fetch_offset', msg_id: msgId++, group, topic: 't', partition: 0 }));
  const keyOwners = new Map<string, string>();
  for (const key of keys) keyOwners.set(key, await ownerOf(router, entry, { type: 'poll', msg_id: msgId++, offsets: { [key]: 0 } }));
  return { groups: groupOwners, keys: keyOwners };
}
