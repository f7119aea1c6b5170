/** Request lines as a client sends them, and the bodies of the replies: for tests that drive an OffsetNode. */
export const init = '{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}';

export const commit = (msgId: number, group: string, offset: number, partition = 0): string =>
  JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'commit_offset', msg_id: msgId, group, topic: 't', partition, offset } });

export const fetch = (msgId: number, group: string, partition = 0): string =>
  JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'fetch_offset', msg_id: msgId, group, topic: 't', partition } });

export const remove = (msgId: number, group: string, partition = 0): string =>
  JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'offset_delete', msg_id: msgId, group, partitions: [{ topic: 't', partition }] } });

export function bodies(replies: readonly string[]): Record<string, unknown>[] {
  return replies.map((reply) => (JSON.parse(reply) as { body: Record<string, unknown> }).body);
}
