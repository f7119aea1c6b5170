import * as nodeFs from 'node:fs';

/** Makes the directory's entries (files created, renamed or removed in it) durable. */
export function syncDirectory(directory: string, fs: Pick<typeof nodeFs, 'openSync' | 'fsyncSync' | 'closeSync'> = nodeFs): void {
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
