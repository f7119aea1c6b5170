import { spawnSync } from 'node:child_process';
import { repoRoot } from './runNodeProcess.js';

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs bin/offsetlog as a user would. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = spawnSync(`${repoRoot}bin/offsetlog`, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}
