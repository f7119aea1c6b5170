import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ErrorCode, describeErrorCode, failedWriteFields } from '../../src/protocol/errorCodes.js';
import { supportedRequestTypes } from '../../src/requests/registry.js';
import { repoRoot } from '../helpers/runNodeProcess.js';

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

describe('one module per request type', () => {
  it('names each request type in one handler module of src/requests and nowhere else in src', () => {
    const files = sourceFiles(join(repoRoot, 'src')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    assert.ok(supportedRequestTypes.length >= 8, supportedRequestTypes.join(', '));
    for (const type of supportedRequestTypes) {
      const naming = files.filter(({ text }) => text.includes(`'${type}'`) || text.includes(`"${type}"`)).map(({ path }) => path.slice(repoRoot.length));
      assert.equal(naming.length, 1, `${type} is named in ${naming.join(', ')}`);
      assert.match(naming[0] as string, /^src\/requests\/\w+\.ts$/);
    }
  });
});

describe('the error-code table', () => {
  it('answers a failed write with the code whose definite flag matches what the log knows', () => {
    const definite = failedWriteFields('disk full', true);
    const unknown = failedWriteFields('disk full', false);
    assert.equal(definite['code'], ErrorCode.temporarilyUnavailable);
    assert.equal(unknown['code'], ErrorCode.crash);
    assert.equal(describeErrorCode(definite['code'] as number)?.definite, true);
    assert.equal(describeErrorCode(unknown['code'] as number)?.definite, false);
    assert.match(String(definite['text']), /^disk full; nothing was recorded/);
    assert.match(String(unknown['text']), /^disk full; the request may or may not have been recorded/);
  });
});
