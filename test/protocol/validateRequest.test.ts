import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from '../../src/protocol/decodeMessage.js';
import { ErrorCode } from '../../src/protocol/errorCodes.js';
import type { MessageBody } from '../../src/protocol/messages.js';
import { validateRequest } from '../../src/protocol/validateRequest.js';

const commit = (fields: Record<string, unknown>): MessageBody => ({ type: 'commit_offset', msg_id: 1, group: 'g', topic: 't', partition: 0, offset: 5, ...fields });

describe('validateRequest', () => {
  it('accepts a commit and types its fields, ignoring extra ones', () => {
    assert.deepEqual(validateRequest(commit({ extra: true, metadata_x: 1 })), {
      ok: true,
      request: { type: 'commit_offset', msgId: 1, group: 'g', topic: 't', partition: 0, offset: 5, metadata: undefined },
    });
  });

  it('accepts the largest safe integer and refuses the next one', () => {
    assert.equal(validateRequest(commit({ offset: Number.MAX_SAFE_INTEGER })).ok, true);
    const refused = validateRequest(commit({ offset: Number.MAX_SAFE_INTEGER + 1 }));
    assert.deepEqual(refused, {
      ok: false,
      code: ErrorCode.malformedRequest,
      text: 'commit_offset: offset must be an integer from 0 to 9007199254740991, got 9007199254740992',
    });
  });

  it('names the field, what was expected and what came', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ partition: '0' }, 'partition must be an integer from 0 to 9007199254740991, got "0" (string)'],
      [{ partition: Number.NaN }, 'partition must be an integer from 0 to 9007199254740991, got NaN'],
      [{ group: '' }, 'group must be a non-empty string, got "" (string)'],
      [{ topic: undefined }, 'topic must be a non-empty string, got nothing'],
      [{ group: 'x'.repeat(100) }, ''],
    ];
    for (const [fields, text] of cases) {
      const result = validateRequest(commit(fields));
      if (text === '') assert.equal(result.ok, true);
      else assert.deepEqual(result, { ok: false, code: ErrorCode.malformedRequest, text: `commit_offset: ${text}` });
    }
  });

  it('answers an unknown type with not-supported, listing what is supported', () => {
    const result = validateRequest({ type: 'read', msg_id: 3 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, ErrorCode.notSupported);
    assert.match(!result.ok ? result.text : '', /"read".*init, commit_offset, fetch_offset, offset_commit, offset_fetch, list_groups, offset_delete, delete_groups$/);
  });

  it('cuts long received values short in error text', () => {
    const result = validateRequest(commit({ group: 7, topic: 't', partition: 'p'.repeat(500) }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.text.length < 200, 'error text stays short');
  });
});

describe('decodeMessage', () => {
  it('refuses lines that cannot be answered, saying why', () => {
    const reasons = ['nope', '[]', '{"body":{"type":"x"}}', '{"src":"c1"}', '{"src":"c1","body":[]}', '{"src":"c1","body":{"type":1}}'].map((line) => {
      const decoded = decodeMessage(line);
      return decoded.ok ? 'ok' : decoded.reason;
    });
    assert.deepEqual(reasons.map((reason) => reason.split(' (')[0]), [
      'not JSON',
      'not a JSON object',
      'no "src" string to reply to',
      'no "body" object',
      'no "body" object',
      'body has no "type" string',
    ]);
  });

  it('keeps names such as __proto__ as ordinary fields', () => {
    const decoded = decodeMessage('{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":1,"group":"__proto__","topic":"constructor","partition":0}}');
    assert.ok(decoded.ok);
    const validated = validateRequest(decoded.message.body);
    assert.deepEqual(validated.ok && validated.request, { type: 'fetch_offset', msgId: 1, group: '__proto__', topic: 'constructor', partition: 0 });
  });
});
