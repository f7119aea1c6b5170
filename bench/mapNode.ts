import { runStdioNode, type LineHandler } from '../src/node/stdioNode.js';
import { decodeMessage } from '../src/protocol/decodeMessage.js';
import { encodeReply } from '../src/protocol/encodeReply.js';
import { errorFields } from '../src/protocol/errorCodes.js';
import { commitOffset, type CommitOffset } from '../src/requests/commitOffset.js';
import { fetchOffset, type FetchOffset } from '../src/requests/fetchOffset.js';
import { initOf } from '../src/requests/init.js';
import { parseRequest } from '../src/requests/registry.js';
import { mapKey } from './mapKey.js';

/**
 * The yardstick for the table: the same protocol and validation as the real node, with the
 * offsets in one plain Map and no log, no reducer and no immer. What offsetlog's event
 * sourcing costs is measured against this.
 *
 * With MAP_NODE_VALUES=objects, each commit stores a new value object (offset, timestamp,
 * metadata) instead of overwriting a number in place: the least any table that keeps its
 * earlier versions whole must allocate per commit, so the ceiling for such a table.
 */
interface OffsetValue {
  readonly offset: number;
  readonly commitTimestamp: number;
  readonly metadata: string | undefined;
}

const objectValues = process.env.MAP_NODE_VALUES === 'objects';

class MapHandler implements LineHandler {
  private readonly offsets = new Map<string, number | OffsetValue>();
  private nextMsgId = 0;
  private nodeId = 'n1';

  handleLines(lines: readonly string[]): Promise<string[]> {
    const replies: string[] = [];
    const now = Date.now();
    for (const line of lines) {
      const decoded = decodeMessage(line);
      if (!decoded.ok) continue;
      const { src, body } = decoded.message;
      const parsed = parseRequest(body);
      if (!parsed.ok) {
        replies.push(encodeReply(this.nodeId, src, body.msg_id, this.nextMsgId++, errorFields(parsed.code, parsed.text)));
        continue;
      }
      const { handler, msgId } = parsed;
      const nodeId = initOf(handler, parsed.request)?.nodeId;
      if (nodeId !== undefined) {
        this.nodeId = nodeId;
        replies.push(encodeReply(this.nodeId, src, msgId, this.nextMsgId++, { type: 'init_ok' }));
      } else if (handler === commitOffset) {
        const request = parsed.request as CommitOffset;
        const value = objectValues ? { offset: request.offset, commitTimestamp: now, metadata: request.metadata } : request.offset;
        this.offsets.set(mapKey(request.group, request.topic, request.partition), value);
        replies.push(encodeReply(this.nodeId, src, msgId, this.nextMsgId++, { type: 'commit_offset_ok' }));
      } else if (handler === fetchOffset) {
        const request = parsed.request as FetchOffset;
        const value = this.offsets.get(mapKey(request.group, request.topic, request.partition)) ?? 0;
        const offset = typeof value === 'number' ? value : value.offset;
        replies.push(encodeReply(this.nodeId, src, msgId, this.nextMsgId++, { type: 'fetch_offset_ok', offset }));
      } else {
        replies.push(encodeReply(this.nodeId, src, msgId, this.nextMsgId++, errorFields(10, 'the Map yardstick only does commit_offset and fetch_offset')));
      }
    }
    return Promise.resolve(replies);
  }
}

runStdioNode(new MapHandler(), process.stdin, process.stdout, (line) => process.stderr.write(`map-node: ${line}\n`)).catch((error: unknown) => {
  process.stderr.write(`map-node: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
