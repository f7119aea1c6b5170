import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DataDirectoryError } from './dataDirectoryError.js';

/** flock(2), which Node does not offer: fs-ext binds it. */
const { flockSync } = createRequire(import.meta.url)('fs-ext') as { flockSync(fd: number, flags: 'exnb' | 'un'): void };

/**
 * Takes the data directory for this process: an exclusive flock(2) on the directory itself,
 * held on an open descriptor until released or until the process ends, however it ends. Only a
 * live holder counts, so nothing stale can keep a node out; the lock is on the directory, not
 * on a file in it, so deleting a file cannot let a second node in; and releasing gives up only
 * this descriptor's lock, never another process's. `.lock` holds the holder's pid, for the
 * message a refused opener gives, and nothing else: it is never trusted, and never deleted.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const fd = openSync(dataDir, 'r');
  try {
    flockSync(fd, 'exnb');
  } catch (error) {
    closeSync(fd);
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
      throw new DataDirectoryError(`data directory ${dataDir} is in use by ${holderOf(dataDir)}; two nodes must not share one`);
    }
    throw error;
  }
  try {
    notePid(dataDir);
  } catch {
    // the pid is only for messages: a directory that cannot take it is still locked
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    closeSync(fd); // gives up the lock with the descriptor
  };
}

function notePid(dataDir: string): void {
  const fd = openSync(join(dataDir, '.lock'), 'w');
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
}

function holderOf(dataDir: string): string {
  const lockPath = join(dataDir, '.lock');
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    if (Number.isSafeInteger(pid) && pid > 0) return `process ${pid} (${lockPath})`;
  } catch {
    // gone or unreadable: the holder is unknown, not absent
  }
  return 'another process (its pid is not in .lock)';
}
