import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const preload = fileURLToPath(new URL('./reportPeakMemory.js', import.meta.url));

/** A process under test: a script run by node, with its environment. */
export interface Subject {
  readonly name: string;
  readonly script: string;
  /** Made fresh for each run (a durable node gets a new, empty data directory). */
  readonly env: () => NodeJS.ProcessEnv;
}

export interface Run {
  readonly seconds: number;
  readonly replies: number;
  readonly peakRssKib: number;
}

/**
 * Feeds a workload file to the subject's stdin through a pipe, as a harness does, and times it
 * from spawn to exit, counting reply lines. (A file as stdin would make the node's reads share
 * libuv's thread pool with its fsyncs, which no harness does.)
 */
export function runOnce(subject: Subject, inputFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', preload, subject.script], {
      env: { ...process.env, ...subject.env() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createReadStream(inputFile).pipe(child.stdin);
    let replies = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) replies++;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const peak = /peak-rss-kib=(\d+)/.exec(stderr);
      if (code !== 0 || peak === null) {
        reject(new Error(`${subject.name} exited with ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ seconds, replies, peakRssKib: Number(peak[1]) });
    });
  });
}

/** Time from spawn until the first reply byte, for a single init request. */
export function timeToFirstReply(subject: Subject): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [subject.script], { env: { ...process.env, ...subject.env() }, stdio: ['pipe', 'pipe', 'inherit'] });
    let elapsed: number | undefined;
    child.stdout.once('data', () => {
      elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      child.stdin.end();
    });
    child.on('error', reject);
    child.on('close', () => (elapsed === undefined ? reject(new Error(`${subject.name} never replied`)) : resolve(elapsed)));
    child.stdin.write('{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}\n');
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
