import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Makes the directory's entries (files created, renamed or removed in it) durable. */
export function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
