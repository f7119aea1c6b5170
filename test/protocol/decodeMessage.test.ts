import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from '../../src/protocol/decodeMessage.js';

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
});
