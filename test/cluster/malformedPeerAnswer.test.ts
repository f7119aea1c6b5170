import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { Ownership } from '../../src/cluster/ownership.js';
import { nodeBin } from '../helpers/runNodeProcess.js';

const NODES = ['n1', 'n2', 'n3'];
const ownership = new Ownership('n1', NODES);

function ownedBy(owner: string, prefix: string, of: (name: string) => string): string {
  for (let n = 0; ; n++) if (of(`${prefix}${n}`) === owner) return `${prefix}${n}`;
}

interface Line {
  readonly src: string;
  readonly dest: string;
  readonly body: Record<string, unknown>;
}

const line = (src: string, body: Record<string, unknown>): string => `${JSON.stringify({ src, dest: 'n1', body })}\n`;

describe('a node process whose peer answers a forwarded poll with a malformed body', () => {
  it(
    'stays up, answers the poll with an error and answers the read sent with the bad answer',
    async () => {
      const key = ownedBy('n2', 'k', (name) => ownership.ofKey(name));
      const group = ownedBy('n1', 'g', (name) => ownership.ofGroup(name));
      const child = spawn(nodeBin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.on('error', () => {}); // the node may be gone by the time the rest is written
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const out: Line[] = [];
      let buffered = '';
      let answered = false;
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const text of lines) out.push(JSON.parse(text) as Line);
        const forward = out.find((message) => message.dest === 'n2' && message.body['type'] === 'poll');
        if (forward === undefined || answered) return;
        answered = true;
        // The peer's answer and a client's read of n1's own group come in together; then input ends.
        child.stdin.end(
          line('n2', { type: 'poll_ok', msgs: { [key]: 5 }, msg_id: 1, in_reply_to: forward.body['msg_id'] }) +
            line('c1', { type: 'fetch_offset', msg_id: 8, group, topic: 't', partition: 0 }),
        );
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdin.write(line('c0', { type: 'init', msg_id: 1, node_id: 'n1', node_ids: NODES }) + line('c1', { type: 'poll', msg_id: 5, offsets: { [key]: 0 } }));
      const code = await exited;
      assert.equal(code, 0, `exit status; stderr: ${stderr}`);
      const toClient = out.filter((message) => message.dest === 'c1').map((message) => [message.body['in_reply_to'], message.body['type']]);
      assert.deepEqual(toClient.sort(), [[5, 'error'], [8, 'fetch_offset_ok']]);
    },
  );
});
