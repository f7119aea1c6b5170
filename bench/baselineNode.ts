import { runStdioNode, type LineHandler } from '../src/node/stdioNode.js';
import { decodeMessage } from '../src/protocol/decodeMessage.js';
import { encodeReply } from '../src/protocol/encodeReply.js';

/**
 * The bare baseline: the same line splitting, JSON decoding, reply encoding and stdout
 * batching as the real node, and nothing else (no validation, no log, no table). Its
 * throughput is the cost of the protocol alone, the ceiling the real node is measured against.
 */
class EchoHandler implements LineHandler {
  private nextMsgId = 0;
  private nodeId = 'n1';

  handleLines(lines: readonly string[]): Promise<string[]> {
    const replies: string[] = [];
    for (const line of lines) {
      const decoded = decodeMessage(line);
      if (!decoded.ok) continue;
      const { src, body } = decoded.message;
      if (body.type === 'init') this.nodeId = String(body['node_id']);
      const fields = body.type === 'fetch_offset' ? { type: 'fetch_offset_ok', offset: 0 } : { type: `${body.type}_ok` };
      replies.push(encodeReply(this.nodeId, src, body.msg_id, this.nextMsgId++, fields));
    }
    return Promise.resolve(replies);
  }
}

runStdioNode(new EchoHandler(), process.stdin, process.stdout, (line) => process.stderr.write(`baseline: ${line}\n`)).catch(
  (error: unknown) => {
    process.stderr.write(`baseline: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
