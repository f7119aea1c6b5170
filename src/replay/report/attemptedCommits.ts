import type { OffsetKey } from '../../log/format/offsetRecord.js';
import type { MessageBody } from '../../protocol/messages.js';
import { isCommitType, type KnownRequest } from './knownRequest.js';

/** A key a commit asked to move, and the offset it asked for when that could be read. */
export interface AttemptedCommit {
  readonly key: OffsetKey;
  readonly offset: number | undefined;
}

/**
 * The keys a commit names, read as far as they can be: a commit refused for one bad field
 * (metadata too long, an offset beyond 2^53) still names its key, and the report shows the
 * refusal on that key's line. Keys that cannot be read are left out.
 */
export function attemptedCommits(body: MessageBody): AttemptedCommit[] {
  const commitType = isCommitType(body.type);
  if (commitType === 'commit') {
    const key = readKey(body['group'], body);
    return key === undefined ? [] : [{ key, offset: readIndex(body['offset']) }];
  }
  if (commitType !== 'offset commit' || !Array.isArray(body['offsets'])) return [];
  const found: AttemptedCommit[] = [];
  for (const item of body['offsets'] as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const fields = item as Record<string, unknown>;
    const key = readKey(body['group'], fields);
    if (key !== undefined) found.push({ key, offset: readIndex(fields['offset']) });
  }
  return found;
}

/** The commits of a valid commit request (what an append failure leaves undone). */
export function requestedCommits(known: KnownRequest): AttemptedCommit[] {
  if (known.kind === 'commit') {
    const { group, topic, partition, offset } = known.request;
    return [{ key: { group, topic, partition }, offset }];
  }
  if (known.kind === 'offset commit') return known.request.offsets.map(({ topic, partition, offset }) => ({ key: { group: known.request.group, topic, partition }, offset }));
  if (known.kind === 'commit offsets') return [...known.request.offsets].map(([topic, offset]) => ({ key: { group: known.request.group, topic, partition: 0 }, offset }));
  return [];
}

function readKey(group: unknown, fields: Readonly<Record<string, unknown>>): OffsetKey | undefined {
  const { topic } = fields;
  const partition = readIndex(fields['partition']);
  if (typeof group !== 'string' || group === '' || typeof topic !== 'string' || topic === '' || partition === undefined) return undefined;
  return { group, topic, partition };
}

function readIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
