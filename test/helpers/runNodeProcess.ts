import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const nodeBin = `${repoRoot}bin/offsetlog-node`;

export interface NodeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/** Runs the real node process on some input and waits for it to exit. */
export function runNodeProcess(input: string | Buffer, env: NodeJS.ProcessEnv = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode });
    });
    child.stdin.end(input);
  });
}

/** The lines of a JSON-lines text, without the empty string after the final newline. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}
