import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const nodeBin = `${repoRoot}bin/offsetlog-node`;

export interface NodeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

export interface RunOptions {
  /** Write the input in pieces of these sizes (plus one byte each), the rest in one. */
  readonly chunkSizes?: readonly number[];
  /** Node options before the node's own script, e.g. ['--import', preload]. */
  readonly nodeOptions?: readonly string[];
}

/** Runs the real node process on some input and waits for it to exit. */
export function runNodeProcess(input: string | Buffer, env: NodeJS.ProcessEnv = {}, options: RunOptions = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const [command, args] = options.nodeOptions === undefined ? [nodeBin, []] : [process.execPath, [...options.nodeOptions, nodeBin]];
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode });
    });
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    let at = 0;
    for (const size of options.chunkSizes ?? []) {
      if (at >= bytes.length) break;
      child.stdin.write(bytes.subarray(at, at + 1 + size));
      at += 1 + size;
    }
    child.stdin.end(bytes.subarray(at));
  });
}

/** The lines of a JSON-lines text, without the empty string after the final newline. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}
