import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKafkaHistory } from '../helpers/kafkaChecker.js';
import { emptyHistory } from '../helpers/kafkaWorkload.js';

/** A sound history: two sends to k acknowledged at 0 and 1, a poll that saw both, a commit of 1. */
function soundHistory() {
  const history = emptyHistory();
  history.sent.push({ key: 'k', msg: 10, offset: 0 }, { key: 'k', msg: 11, offset: 1 });
  history.polls.push({ offsets: { k: 0 }, msgs: { k: [[0, 10], [1, 11]] } });
  history.committed.set('k', new Set([1]));
  history.listed.push({ k: 1 });
  return history;
}
const soundLog = () => new Map([['k', [[0, 10], [1, 11]] as [number, number][]]]);

describe('the kafka checker', () => {
  it('finds nothing wrong with a sound history', () => {
    assert.deepEqual(checkKafkaHistory(soundHistory(), soundLog()), []);
  });

  it('finds a lost write', () => {
    const log = new Map([['k', [[0, 10]] as [number, number][]]]);
    assert.match(checkKafkaHistory(soundHistory(), log).join('\n'), /lost write: 11 acknowledged at k@1/);
  });

  it('finds an offset given to two messages', () => {
    const history = soundHistory();
    history.sent.push({ key: 'k', msg: 12, offset: 1 });
    assert.match(checkKafkaHistory(history, soundLog()).join('\n'), /k@1 was given to 11 and to 12/);
  });

  it('finds a message at two offsets, and a hole', () => {
    const log = new Map([['k', [[0, 10], [2, 10]] as [number, number][]]]);
    const problems = checkKafkaHistory(emptyHistory(), log).join('\n');
    assert.match(problems, /entry 1 has offset 2/);
    assert.match(problems, /message 10 is at k@0 and at k@2/);
  });

  it('finds a poll that skipped its requested offset, or saw what the log does not hold', () => {
    const history = soundHistory();
    history.polls.push({ offsets: { k: 0 }, msgs: { k: [[1, 11]] } }, { offsets: { k: 1 }, msgs: { k: [[1, 99]] } });
    const problems = checkKafkaHistory(history, soundLog()).join('\n');
    assert.match(problems, /a poll of k from 0 returned offset 1 at position 0/);
    assert.match(problems, /a poll saw 99 at k@1/);
  });

  it('finds a committed offset no client committed', () => {
    const history = soundHistory();
    history.listed.push({ k: 5 });
    assert.match(checkKafkaHistory(history, soundLog()).join('\n'), /k listed as committed at 5/);
  });
});
