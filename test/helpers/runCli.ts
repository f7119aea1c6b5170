import { spawnSync } from 'node:child_process';
import { repoRoot } from './runNodeProcess.js';

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** What the command reads on stdin (nothing by default). */
  readonly input?: string | Buffer;
  /** Which of the package's commands to run. */
  readonly bin?: 'offsetlog' | 'offsetlog-node';
}

/** Runs bin/offsetlog (or bin/offsetlog-node) as a user would, stderr not being a terminal. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const run = spawnSync(`${repoRoot}bin/${options.bin ?? 'offsetlog'}`, args, {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    input: options.input ?? '',
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/**
 * Checks that a failure is reported as the contract says: one line on stderr, naming the
 * command and pointing at its help, with neither a stack, an errno code nor the usage text.
 */
export function assertOneLineError(run: CliRun, status: 1 | 2, pattern: RegExp): void {
  if (run.status !== status) throw new Error(`expected exit status ${status}, got ${run.status}; stderr: ${run.stderr}`);
  const lines = run.stderr.split('\n').filter((line) => line.length > 0);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}: ${JSON.stringify(run.stderr)}`);
  const line = lines[0] as string;
  if (!pattern.test(line)) throw new Error(`expected stderr to match ${pattern}, got ${JSON.stringify(line)}`);
  if (!/\(see 'offsetlog[-a-z]* ?[a-z]* ?--help'\)$/.test(line)) throw new Error(`expected the line to end pointing at --help, got ${JSON.stringify(line)}`);
  if (/\bE[A-Z]{3,}\b|    at |Usage:/.test(line)) throw new Error(`expected no errno code, stack or usage text, got ${JSON.stringify(line)}`);
}
