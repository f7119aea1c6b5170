import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replaySession } from '../../src/replay/replaySession.js';
import { readTranscript, type RecordedConfig, type Transcript, type TranscriptEntry } from '../../src/replay/transcript.js';
import { runNodeProcess } from '../helpers/runNodeProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-transcript-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const MiB = 1 << 20;

/** Every session, its entries read before the next session is taken (the file is read once, in order). */
function sessionsOf(transcript: Transcript): { config: RecordedConfig; entries: TranscriptEntry[] }[] {
  const sessions = [];
  for (const session of transcript.sessions) sessions.push({ config: session.config, entries: [...session.entries] });
  return sessions;
}

function entriesOf(path: string): TranscriptEntry[] {
  return sessionsOf(readTranscript(path)).flatMap((session) => session.entries);
}

describe('reading a transcript', () => {
  let big: string;
  before(async () => {
    // Several MiB of recorded commits, each with metadata long enough to make the file large quickly.
    const metadata = 'm'.repeat(2000);
    const requests = ['{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}'];
    for (let i = 0; i < 2000; i++) {
      requests.push(JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'commit_offset', msg_id: i + 2, group: `g${i % 7}`, topic: 't', partition: 0, offset: i, metadata } }));
    }
    big = join(scratch, 'big.jsonl');
    const run = await runNodeProcess(`${requests.join('\n')}\n`, { OFFSETLOG_RECORD: big });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.ok(statSync(big).size > 4 * MiB, 'the transcript spans several reads');
  });

  it('reports its reading as it goes, up to the whole file', async () => {
    const reads: number[] = [];
    const result = await replaySession(readTranscript(big, { onRead: (read) => reads.push(read) }));
    assert.equal(result.mismatch, undefined);
    assert.equal(result.repliesCompared, 2001);
    assert.ok(reads.length >= 4, `read in pieces, got ${reads.length}`);
    assert.deepEqual(reads, [...reads].sort((a, b) => a - b));
    assert.equal(reads.at(-1), statSync(big).size);
  });

  it('stops reading at --until: later input is never read', async () => {
    const reads: number[] = [];
    const result = await replaySession(readTranscript(big, { onRead: (read) => reads.push(read) }), { until: 10 });
    assert.equal(result.stoppedAt, 10);
    assert.equal(result.repliesCompared, 10);
    assert.equal(result.mismatch, undefined);
    assert.ok(Math.max(0, ...reads) <= MiB, `read ${Math.max(0, ...reads)} of ${statSync(big).size} bytes`);
  });

  it('keeps lines whole across reads, multi-byte characters and a line longer than a read included', () => {
    const long = 'é日'.repeat(300_000); // about 1.5 MiB of UTF-8, straddling the first read's end
    const path = join(scratch, 'long-lines.jsonl');
    const lines = [
      { t: 1, dir: 'config', config: { retentionMs: 5 } },
      { t: 2, dir: 'in', line: 'x'.repeat(MiB - 40) },
      { t: 3, dir: 'in', line: long },
      { t: 4, dir: 'out', line: 'ü' },
    ];
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const transcript = readTranscript(path);
    assert.deepEqual(sessionsOf(transcript), [
      {
        config: { retentionMs: 5, durable: false },
        entries: [
          { t: 2, dir: 'in', line: 'x'.repeat(MiB - 40) },
          { t: 3, dir: 'in', line: long },
          { t: 4, dir: 'out', line: 'ü' },
        ],
      },
    ]);
    assert.equal(transcript.cutOff, false);
  });

  it('refuses a session\'s entries asked for after the next session was taken, rather than give none', () => {
    const path = join(scratch, 'two-sessions.jsonl');
    writeFileSync(path, '{"t":1,"dir":"config","config":{}}\n{"t":1,"dir":"in","line":"a"}\n{"t":2,"dir":"config","config":{}}\n{"t":2,"dir":"in","line":"b"}\n');
    const [first, second] = [...readTranscript(path).sessions];
    for (const session of [first, second]) assert.throws(() => [...(session?.entries ?? [])], /entries were asked for after the reading had moved past them/);
  });

  it('tells a killed recorder\'s unfinished last line from damage and from a file that is no transcript', () => {
    const path = join(scratch, 'kinds.jsonl');
    const whole = '{"t":1,"dir":"in","line":"a"}\n{"t":1,"dir":"out","line":"b"}\n';
    writeFileSync(path, `${whole}{"t":1,"dir":"in","li`);
    const cut = readTranscript(path);
    assert.equal(cut.cutOff, false, 'not known before the sessions are read');
    assert.deepEqual(sessionsOf(cut).flatMap((session) => session.entries.map((entry) => entry.line)), ['a', 'b']);
    assert.equal(cut.cutOff, true);
    writeFileSync(path, `${whole}{"t":1,"dir":"in","li\n{"t":1,"dir":"in","line":"c"}\n`);
    assert.throws(() => entriesOf(path), { name: 'TranscriptError', message: /kinds\.jsonl:3: is not JSON/ });
    writeFileSync(path, 'GROUP  TOPIC\n');
    assert.throws(() => entriesOf(path), { name: 'NotATranscriptError', message: /kinds\.jsonl: not a transcript: line 1 is not JSON, got "GROUP  TOPIC"/ });
    assert.throws(() => readTranscript(join(scratch, 'none.jsonl')), { name: 'NotATranscriptError', message: /none\.jsonl: no such file, expected a transcript/ });
  });

  it('refuses a time no clock could have read, which a replay would stamp on commits', () => {
    const path = join(scratch, 'times.jsonl');
    writeFileSync(path, '{"t":1,"dir":"in","line":"a"}\n{"t":9000000000000000,"dir":"in","line":"b"}\n');
    assert.throws(() => entriesOf(path), { name: 'TranscriptError', message: /times\.jsonl:2: expected "t" to be milliseconds since the epoch, from 0 to 8640000000000000, got 9000000000000000/ });
  });
});
