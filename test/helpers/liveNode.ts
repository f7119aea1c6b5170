import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { nodeBin } from './runNodeProcess.js';

export type Body = Record<string, unknown>;

/**
 * The real node process, talked to as Maelstrom does: one request at a time per client, each reply
 * matched to its request by the client's name and msg_id. A request still waiting when the process
 * dies gets undefined (its outcome unknown, as for a Maelstrom client whose node crashed).
 */
export class LiveNode {
  private readonly waiting = new Map<string, (body: Body | undefined) => void>();
  private readonly exited: Promise<number | null>;
  private buffered = '';
  private alive = true;
  stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.received(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {}); // a write to a killed node: its request is answered undefined below
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => {
        this.alive = false;
        for (const answer of this.waiting.values()) answer(undefined);
        this.waiting.clear();
        resolve(code);
      });
    });
  }

  static start(env: NodeJS.ProcessEnv = {}): LiveNode {
    return new LiveNode(spawn(nodeBin, [], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** The reply to `body` sent from `src`, or undefined when the node died first. */
  request(src: string, body: Body & { msg_id: number }): Promise<Body | undefined> {
    if (!this.alive) return Promise.resolve(undefined);
    const reply = new Promise<Body | undefined>((resolve) => this.waiting.set(`${src}\u0000${body.msg_id}`, resolve));
    this.child.stdin.write(`${JSON.stringify({ src, dest: 'n1', body })}\n`);
    return reply;
  }

  /** kill -9. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Ends stdin and waits for a clean exit; the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  private received(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      const message = JSON.parse(line) as { dest: string; body: Body };
      const key = `${message.dest}\u0000${String(message.body['in_reply_to'])}`;
      const answer = this.waiting.get(key);
      if (answer === undefined) throw new Error(`a reply nobody waits for: ${line}`);
      this.waiting.delete(key);
      answer(message.body);
    }
  }
}
