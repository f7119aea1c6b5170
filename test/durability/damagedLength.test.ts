import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readPartitionCount, segmentPath } from '../../src/log/file/dataDirectory.js';
import { FrameWalk } from '../../src/log/format/frame.js';
import { partitionFor } from '../../src/log/partitionFor.js';
import { bodies, commit } from '../helpers/requestLines.js';
import { runCli } from '../helpers/runCli.js';
import { linesOf, runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-damaged-length-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a damaged length field in the middle of a segment (regression: read as a torn tail, dropping the acknowledged records after it)', () => {
  it('keeps the node from starting, naming the file and byte, and makes dump exit 1, until repair', async () => {
    const dataDir = join(scratch, 'data');
    const env = { OFFSETLOG_DATA_DIR: dataDir };
    const commits = Array.from({ length: 200 }, (_, i) => commit(i + 1, 'g', i, i));
    const first = await runNodeProcess(`${commits.join('\n')}\n`, env);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(bodies(linesOf(first.stdout)).filter((body) => body['type'] === 'commit_offset_ok').length, 200);

    const path = segmentPath(dataDir, partitionFor('g', readPartitionCount(dataDir)));
    const bytes = readFileSync(path);
    const starts: number[] = [];
    const frames = new FrameWalk(bytes, { verify: true });
    while (frames.next()) starts.push(frames.start);
    const middle = starts[100] as number;
    bytes[middle + 2] = (bytes[middle + 2] as number) ^ 0x10; // the length now runs past the end
    writeFileSync(path, bytes);

    const refused = await runNodeProcess('', env);
    assert.notEqual(refused.exitCode, 0, 'the node must not start on a damaged log');
    assert.ok(refused.stderr.includes(`${path}: the record at byte ${middle} is corrupt`), refused.stderr);
    assert.equal(readFileSync(path).length, bytes.length, 'nothing is cut off');
    assert.equal(runCli(['dump', dataDir]).status, 1);
  });
});
