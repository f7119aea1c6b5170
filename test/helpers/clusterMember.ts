import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { nodeBin } from './runNodeProcess.js';

/**
 * One real node process of a cluster: lines in, lines out, and its exit. What its lines mean
 * (a reply to a client, a message to another node) is the router's business.
 */
export class ClusterMember {
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly closed: Promise<number | null>;
  private buffered = '';
  private running = true;

  constructor(
    readonly id: string,
    env: NodeJS.ProcessEnv,
    onLine: (member: ClusterMember, line: string) => void,
    onExit: (member: ClusterMember) => void,
  ) {
    this.child = spawn(nodeBin, [], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        onLine(this, line);
      }
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    // A write to a node that has just died: whatever waited on it is answered by onExit.
    this.child.stdin.on('error', () => {});
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.running = false;
        onExit(this);
        resolve(code);
      });
    });
  }

  get alive(): boolean {
    return this.running;
  }

  /** Writes one line to the node's stdin; a line for a dead node is lost, as on a real network. */
  write(line: string): void {
    if (this.running && this.child.stdin.writable) this.child.stdin.write(`${line}\n`);
  }

  /** kill -9, and waits until the process is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.closed;
  }

  /** Ends stdin; the exit code once the process is gone. */
  close(): Promise<number | null> {
    this.child.stdin.end();
    return this.closed;
  }

  /** The exit code once the process is gone, however it ends. */
  exited(): Promise<number | null> {
    return this.closed;
  }
}
