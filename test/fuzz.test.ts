import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { init, requestLine } from './helpers/requestLines.js';
import { linesOf, repoRoot, runNodeProcess } from './helpers/runNodeProcess.js';

/** Runs in `npm test`: seconds. OFFSETLOG_FUZZ_RUNS=500 (and OFFSETLOG_FUZZ_SEED) for a long hunt. */
const RUNS = Number(process.env['OFFSETLOG_FUZZ_RUNS'] ?? 12);
const SEED = Number(process.env['OFFSETLOG_FUZZ_SEED'] ?? 20261130);
/** Far above what these sessions need, far below what unbounded buffering of their lines would take. */
const PEAK_RSS_LIMIT_KIB = 400 * 1024;

const GROUPS = ['g', 'h', '__proto__', 'a:b', 'grüße'];
const TOPICS = ['t', 'constructor'];

/** What the node must answer to a line: nothing, or a reply of this type (an error with this code). */
type Expected = { readonly reply: false } | { readonly reply: true; readonly inReplyTo: number | undefined; readonly body: Record<string, unknown> };

/** The model: the last commit of each key wins; a never-committed key fetches 0. */
class Model {
  private readonly offsets = new Map<string, { offset: number; metadata: string | undefined }>();

  commit(group: string, topic: string, partition: number, offset: number, metadata: string | undefined): void {
    this.offsets.set(JSON.stringify([group, topic, partition]), { offset, metadata });
  }

  fetch(group: string, topic: string, partition: number): Record<string, unknown> {
    const found = this.offsets.get(JSON.stringify([group, topic, partition]));
    if (found === undefined) return { offset: 0 };
    return found.metadata === undefined ? { offset: found.offset } : { offset: found.offset, metadata: found.metadata };
  }

  groups(): string[] {
    return [...new Set([...this.offsets.keys()].map((key) => (JSON.parse(key) as [string])[0]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  delete(group: string, topic: string, partition: number): boolean {
    return this.offsets.delete(JSON.stringify([group, topic, partition]));
  }
}

/** One thing a client sends; plain data, so that a failing case prints as what was sent. */
type Op =
  | { readonly kind: 'commit'; readonly group: string; readonly topic: string; readonly partition: number; readonly offset: number; readonly metadata: string | undefined }
  | { readonly kind: 'fetch'; readonly group: string; readonly topic: string; readonly partition: number }
  | { readonly kind: 'offset_commit'; readonly group: string; readonly entries: readonly { topic: string; partition: number }[]; readonly offset: number }
  | { readonly kind: 'list_groups' }
  | { readonly kind: 'offset_delete'; readonly group: string; readonly topic: string; readonly partition: number }
  | { readonly kind: 'hostile_field'; readonly group: string; readonly topic: string; readonly partition: number; readonly field: string; readonly value: unknown }
  | { readonly kind: 'unknown_type'; readonly type: string }
  | { readonly kind: 'bad_msg_id'; readonly msgId: unknown }
  | { readonly kind: 'unanswerable'; readonly line: string };

const key = fc.record({ group: fc.constantFrom(...GROUPS), topic: fc.constantFrom(...TOPICS), partition: fc.nat({ max: 2 }) });

/** Values no name or index field accepts; not strings, so that metadata refuses them too. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(-1, 1.5, 2 ** 53, Number.MAX_VALUE, true, [], {}),
  fc.constant('deep').map(() => JSON.parse(`${'['.repeat(3000)}1${']'.repeat(3000)}`) as unknown),
  fc.string({ minLength: 1, maxLength: 3 }).map((text) => [text]),
);
/** Strings no index accepts, and that no name accepts either when empty. */
const hostileText = fc.constantFrom('', '0', '-1', '1e3');

const KNOWN_TYPES = ['init', 'commit_offset', 'fetch_offset', 'offset_commit', 'offset_fetch', 'list_groups', 'offset_delete', 'delete_groups'];

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('commit' as const), group: key.map((k) => k.group), topic: key.map((k) => k.topic), partition: fc.nat({ max: 2 }), offset: fc.maxSafeNat(), metadata: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }) },
  { weight: 4, arbitrary: key.map((k) => ({ kind: 'fetch' as const, ...k })) },
  fc.record({ kind: fc.constant('offset_commit' as const), group: fc.constantFrom(...GROUPS), entries: fc.uniqueArray(fc.record({ topic: fc.constantFrom(...TOPICS), partition: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 3, selector: (entry) => `${entry.topic}/${entry.partition}` }), offset: fc.nat() }),
  fc.constant({ kind: 'list_groups' as const }),
  key.map((k) => ({ kind: 'offset_delete' as const, ...k })),
  { weight: 3, arbitrary: fc.tuple(key, fc.constantFrom('group', 'topic', 'partition', 'offset', 'metadata'), fc.oneof(hostile, hostileText, fc.constant(undefined))).filter(([, field, value]) => !(field === 'metadata' && typeof value === 'string')).filter(([, field, value]) => !((field === 'group' || field === 'topic') && typeof value === 'string' && value !== '')).map(([k, field, value]) => ({ kind: 'hostile_field' as const, ...k, field, value })) },
  fc.string({ minLength: 1, maxLength: 12 }).filter((type) => !KNOWN_TYPES.includes(type)).map((type) => ({ kind: 'unknown_type' as const, type })),
  fc.constantFrom<unknown>(-1, '7', 1.5, null, 2 ** 53).map((msgId) => ({ kind: 'bad_msg_id' as const, msgId })),
  fc.oneof(
    fc.constantFrom('not json', '[]', '{"src":"c1"}', '{"src":"c1","body":{"type":7}}', '{"body":{"type":"list_groups","msg_id":1}}', '"just a string"', '{"src":1,"body":{"type":"x"}}'),
    fc.string({ maxLength: 40 }).filter((text) => !text.includes('\n') && !text.includes('\r') && !text.trimStart().startsWith('{')),
  ).map((line) => ({ kind: 'unanswerable' as const, line })),
);

const ok = (msgId: number, body: Record<string, unknown>): Expected => ({ reply: true, inReplyTo: msgId, body });
const error = (inReplyTo: number | undefined, code: number): Expected => ({ reply: true, inReplyTo, body: { type: 'error', code } });

/** The line an op sends as request `msgId`, and what the model says the node must answer. */
function play(op: Op, msgId: number, model: Model): { line: string; expected: Expected } {
  switch (op.kind) {
    case 'commit': {
      const { group, topic, partition, offset, metadata } = op;
      model.commit(group, topic, partition, offset, metadata);
      return { line: requestLine('commit_offset', msgId, { group, topic, partition, offset, ...(metadata === undefined ? {} : { metadata }) }), expected: ok(msgId, { type: 'commit_offset_ok' }) };
    }
    case 'fetch':
      return { line: requestLine('fetch_offset', msgId, { group: op.group, topic: op.topic, partition: op.partition }), expected: ok(msgId, { type: 'fetch_offset_ok', ...model.fetch(op.group, op.topic, op.partition) }) };
    case 'offset_commit':
      for (const entry of op.entries) model.commit(op.group, entry.topic, entry.partition, op.offset, undefined);
      return { line: requestLine('offset_commit', msgId, { group: op.group, offsets: op.entries.map((entry) => ({ ...entry, offset: op.offset })) }), expected: ok(msgId, { type: 'offset_commit_ok' }) };
    case 'list_groups':
      return { line: requestLine('list_groups', msgId), expected: ok(msgId, { type: 'list_groups_ok', groups: model.groups() }) };
    case 'offset_delete': {
      const line = requestLine('offset_delete', msgId, { group: op.group, partitions: [{ topic: op.topic, partition: op.partition }] });
      if (!model.groups().includes(op.group)) return { line, expected: error(msgId, 20) };
      return { line, expected: ok(msgId, { type: 'offset_delete_ok', deleted: model.delete(op.group, op.topic, op.partition) ? 1 : 0 }) };
    }
    case 'hostile_field': {
      // A valid commit with one field made hostile (or, for metadata, too long): refused with 12, nothing changed.
      const fields: Record<string, unknown> = { group: op.group, topic: op.topic, partition: op.partition, offset: 1 };
      fields[op.field] = op.field === 'metadata' && (op.value === undefined || op.value === null) ? 'm'.repeat(4097) : op.value;
      return { line: requestLine('commit_offset', msgId, fields), expected: error(msgId, 12) };
    }
    case 'unknown_type':
      return { line: requestLine(op.type, msgId), expected: error(msgId, 10) };
    case 'bad_msg_id':
      return { line: JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'list_groups', msg_id: op.msgId } }), expected: error(undefined, 12) };
    case 'unanswerable':
      return { line: op.line, expected: { reply: false } };
  }
}

describe('hostile and mutated lines through bin/offsetlog-node', () => {
  it('answers every answerable request once, in order, with the model\'s reply or the right error code, in bounded memory', { timeout: 10 * 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.array(fc.nat({ max: 400 }), { maxLength: 30 }), async (ops, chunkSizes) => {
        const model = new Model();
        const sent = ops.map((sentOp, i) => play(sentOp, i + 2, model));
        const input = [init, ...sent.map((step) => step.line)].join('\n') + '\n';
        const run = await runNodeProcess(input, {}, { chunkSizes, nodeOptions: ['--import', `${repoRoot}dist/bench/reportPeakMemory.js`] });
        const peakKib = Number(/peak-rss-kib=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
        assert.equal(run.exitCode, 0, run.stderr);
        const replies = linesOf(run.stdout).map((line) => JSON.parse(line) as { src: string; dest: string; body: Record<string, unknown> });
        const expected = [ok(1, { type: 'init_ok' }), ...sent.map((step) => step.expected)].filter((e): e is Extract<Expected, { reply: true }> => e.reply);
        assert.equal(replies.length, expected.length, `one reply per answerable request\n${run.stdout}`);
        replies.forEach((reply, index) => {
          const want = expected[index] as Extract<Expected, { reply: true }>;
          assert.equal(reply.body['msg_id'], index, 'msg_id counts every reply from 0');
          assert.equal(reply.body['in_reply_to'], want.inReplyTo);
          for (const [field, value] of Object.entries(want.body)) assert.deepEqual(reply.body[field], value, `${field} of reply ${index}: ${JSON.stringify(reply)}`);
          if (reply.body['type'] === 'error') assert.match(String(reply.body['text']), /./);
        });
        assert.ok(peakKib < PEAK_RSS_LIMIT_KIB, `peak RSS ${peakKib} KiB`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
