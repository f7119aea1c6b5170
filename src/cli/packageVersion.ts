import { readFileSync } from 'node:fs';

/**
 * The version in package.json, read when asked: it is written in one place, and this file
 * sits three folders below the package root both in a checkout (dist/src/cli/) and in an
 * installed package.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error(`package.json has no version string, got ${JSON.stringify(manifest.version)}`);
  return manifest.version;
}
