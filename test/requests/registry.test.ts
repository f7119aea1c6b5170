import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '../../src/protocol/errorCodes.js';
import type { MessageBody } from '../../src/protocol/messages.js';
import { decodeMessage } from '../../src/protocol/decodeMessage.js';
import { parseRequest } from '../../src/requests/registry.js';

const commit = (fields: Record<string, unknown>): MessageBody => ({ type: 'commit_offset', msg_id: 1, group: 'g', topic: 't', partition: 0, offset: 5, ...fields });

describe('parseRequest', () => {
  it('accepts a commit and types its fields, ignoring extra ones', () => {
    const parsed = parseRequest(commit({ extra: true, metadata_x: 1 }));
    assert.ok(parsed.ok);
    assert.equal(parsed.handler.type, 'commit_offset');
    assert.equal(parsed.msgId, 1);
    assert.deepEqual(parsed.request, { group: 'g', topic: 't', partition: 0, offset: 5, metadata: undefined });
  });

  it('accepts the largest safe integer and refuses the next one', () => {
    assert.equal(parseRequest(commit({ offset: Number.MAX_SAFE_INTEGER })).ok, true);
    const refused = parseRequest(commit({ offset: Number.MAX_SAFE_INTEGER + 1 }));
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
      const result = parseRequest(commit(fields));
      if (text === '') assert.equal(result.ok, true);
      else assert.deepEqual(result, { ok: false, code: ErrorCode.malformedRequest, text: `commit_offset: ${text}` });
    }
  });

  it('answers an unknown type with not-supported, listing what is supported', () => {
    const result = parseRequest({ type: 'read', msg_id: 3 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, ErrorCode.notSupported);
    assert.match(!result.ok ? result.text : '', /"read".*init, commit_offset, fetch_offset, offset_commit, offset_fetch, list_groups, offset_delete, delete_groups, send, poll, commit_offsets, list_committed_offsets$/);
  });

  it('cuts long received values short in error text', () => {
    const result = parseRequest(commit({ group: 7, topic: 't', partition: 'p'.repeat(500) }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.text.length < 200, 'error text stays short');
  });
  it('keeps names such as __proto__ as ordinary fields', () => {
    const decoded = decodeMessage('{"src":"c1","dest":"n1","body":{"type":"fetch_offset","msg_id":1,"group":"__proto__","topic":"constructor","partition":0}}');
    assert.ok(decoded.ok);
    const parsed = parseRequest(decoded.message.body);
    assert.deepEqual(parsed.ok && parsed.request, { group: '__proto__', topic: 'constructor', partition: 0 });
  });
});
