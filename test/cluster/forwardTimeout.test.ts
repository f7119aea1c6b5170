import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownersOf } from '../helpers/clusterOwners.js';
import { ClusterRouter } from '../helpers/clusterRouter.js';

const NODES = ['n1', 'n2', 'n3'];
const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7'];

/** A key n1 does not own, and its owner. */
async function keyOwnedElsewhere(router: ClusterRouter): Promise<[string, string]> {
  const { keys } = await ownersOf(router, 'n1', [], KEYS);
  const found = [...keys].find(([, owner]) => owner !== 'n1');
  assert.ok(found !== undefined, `expected n1 to own only some of ${JSON.stringify(KEYS)}, owners: ${JSON.stringify([...keys])}`);
  return found;
}

/** A key `owner` owns, found by asking `entry`. */
async function keyOwnedBy(router: ClusterRouter, entry: string, owner: string): Promise<string> {
  const { keys } = await ownersOf(router, entry, [], KEYS);
  const found = [...keys].find(([, each]) => each === owner);
  assert.ok(found !== undefined, `expected ${owner} to own one of ${JSON.stringify(KEYS)}, owners: ${JSON.stringify([...keys])}`);
  return found[0];
}

describe('a forward its owner does not answer in time', () => {
  it('is answered with code 0 for a write and 11 for a read, naming the owner; the late answer is dropped', { timeout: 60_000 }, async () => {
    const router = await ClusterRouter.start(NODES, { OFFSETLOG_FORWARD_TIMEOUT_MS: '500' });
    try {
      const [key, owner] = await keyOwnedElsewhere(router);
      router.isolate(owner, 'hold');
      const sent = await router.request('n1', 'c1', { type: 'send', msg_id: 1, key, msg: 'late' });
      assert.equal(sent?.['type'], 'error', JSON.stringify(sent));
      assert.equal(sent['code'], 0, JSON.stringify(sent));
      assert.match(String(sent['text']), new RegExp(owner), `the text names the owner ${owner}`);
      const polled = await router.request('n1', 'c1', { type: 'poll', msg_id: 2, offsets: { [key]: 0 } });
      assert.equal(polled?.['type'], 'error', JSON.stringify(polled));
      assert.equal(polled['code'], 11, JSON.stringify(polled));
      assert.match(String(polled['text']), new RegExp(owner), `the text names the owner ${owner}`);

      // The held lines arrive now: the owner appends the send it never answered in time, and its
      // late answers reach n1 before the next forward's answer, which alone goes to the client.
      router.heal();
      const again = await router.request('n1', 'c1', { type: 'poll', msg_id: 3, offsets: { [key]: 0 } });
      assert.deepEqual(again, { type: 'poll_ok', in_reply_to: 3, msgs: { [key]: [[0, 'late']] }, msg_id: again?.['msg_id'] });
      const codes = await router.close();
      assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
      assert.deepEqual(router.strays, [], 'no client gets a second reply');
    } finally {
      await router.killAll();
    }
  });

  it('is answered at once with the timeout codes when stdin closes, and the node exits 0', { timeout: 60_000 }, async () => {
    // A timeout far longer than the test's own: only the end of stdin can answer these in time.
    const router = await ClusterRouter.start(NODES, { OFFSETLOG_FORWARD_TIMEOUT_MS: '3600000' });
    try {
      const [key, owner] = await keyOwnedElsewhere(router);
      router.isolate(owner, 'drop');
      const sent = router.request('n1', 'c1', { type: 'send', msg_id: 1, key, msg: 1 });
      const polled = router.request('n1', 'c1', { type: 'poll', msg_id: 2, offsets: { [key]: 0 } });
      const exit = router.closeOne('n1');
      for (const [reply, code] of [[await sent, 0], [await polled, 11]] as const) {
        assert.equal(reply?.['type'], 'error', JSON.stringify(reply));
        assert.equal(reply['code'], code, JSON.stringify(reply));
        assert.match(String(reply['text']), new RegExp(owner), `the text names the owner ${owner}`);
      }
      assert.equal(await exit, 0, router.stderrOf('n1'));
      router.heal();
      const codes = await router.close();
      assert.deepEqual([...codes.values()], [0, 0, 0]);
      assert.deepEqual(router.strays, []);
    } finally {
      await router.killAll();
    }
  });

  it('holds back no answer the node can give meanwhile, for its own keys or through an owner it reaches', { timeout: 60_000 }, async () => {
    // A timeout far longer than the test's own: the waiting forward is still waiting at the end.
    const router = await ClusterRouter.start(NODES, { OFFSETLOG_FORWARD_TIMEOUT_MS: '3600000' });
    try {
      const { keys } = await ownersOf(router, 'n1', [], KEYS);
      const ownedBy = (node: string) => [...keys].find(([, owner]) => owner === node)?.[0] ?? assert.fail(`no key of ${node} among ${JSON.stringify([...keys])}`);
      router.isolate('n3', 'drop');
      const waiting = router.request('n1', 'c1', { type: 'send', msg_id: 1, key: ownedBy('n3'), msg: 'cut off' });
      for (const [index, node] of ['n1', 'n2'].entries()) {
        const reply = await router.request('n1', 'c2', { type: 'send', msg_id: index, key: ownedBy(node), msg: node });
        assert.deepEqual(reply, { type: 'send_ok', in_reply_to: index, offset: 0, msg_id: reply?.['msg_id'] }, `a send to ${node}'s key through n1`);
      }
      const exit = router.closeOne('n1');
      assert.equal((await waiting)?.['code'], 0);
      assert.equal(await exit, 0, router.stderrOf('n1'));
      router.heal();
      await router.close();
      assert.deepEqual(router.strays, []);
    } finally {
      await router.killAll();
    }
  });

  // A late answer that comes back to a node restarted since must not match the new life's forward.
  it("is not taken, once its node has restarted, for the answer to a forward of the node's new life", { timeout: 60_000 }, async () => {
    // A timeout far longer than the test's own: only the cut decides when answers arrive.
    const router = await ClusterRouter.start(NODES, { OFFSETLOG_FORWARD_TIMEOUT_MS: '3600000' });
    try {
      const key = await keyOwnedBy(router, 'n3', 'n1');
      // Two lives of n2 that do the same from their init on: the dead one's forward and the new
      // one's carry the same msg_id, unless the node tells its lives apart.
      await router.kill('n2');
      assert.equal((await router.restart('n2'))?.['type'], 'init_ok', router.stderrOf('n2'));
      router.isolate('n1', 'hold');
      const firstForward = router.nodeMessage((message) => message.src === 'n2' && message.dest === 'n1');
      const lost = router.request('n2', 'c1', { type: 'send', msg_id: 1, key, msg: 'before' });
      await firstForward;
      await router.kill('n2');
      assert.equal(await lost, undefined);
      assert.equal((await router.restart('n2'))?.['type'], 'init_ok', router.stderrOf('n2'));
      const secondForward = router.nodeMessage((message) => message.src === 'n2' && message.dest === 'n1');
      const polled = router.request('n2', 'c2', { type: 'poll', msg_id: 1, offsets: { [key]: 0 } });
      await secondForward;
      // n1 now takes the dead life's send, then the new life's poll, and answers both to n2.
      router.heal();
      const reply = await polled;
      assert.deepEqual(reply, { type: 'poll_ok', in_reply_to: 1, msgs: { [key]: [[0, 'before']] }, msg_id: reply?.['msg_id'] });
      const codes = await router.close();
      assert.deepEqual([...codes.values()], [0, 0, 0], NODES.map((id) => router.stderrOf(id)).join('\n'));
      assert.deepEqual(router.strays, []);
    } finally {
      await router.killAll();
    }
  });
});
