import { keyText } from '../format/recordCodec.js';
import type { OffsetKey } from '../format/offsetRecord.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../partitionFor.js';

/**
 * Where a node's logs live in JetStream. For node id N (written as nodeToken(N)):
 *   stream OFFSETLOG_OFFSETS_<N>  subjects offsetlog.<N>.offsets.<partition>.<key>   one subject per record key
 *   stream OFFSETLOG_DATA_<N>     subject  offsetlog.<N>.data                          every data record, in order
 *   stream OFFSETLOG_WRITERS      subjects offsetlog.writers.<N>                       who writes N's logs (see writerLease.ts)
 *   stream OFFSETLOG_MEMBERS      subjects offsetlog.members.<N>                       N's node id and cluster (see streamMembership.ts)
 * and in each log stream, a fence subject (offsetlog.<N>.offsets.fence, offsetlog.<N>.data.fence)
 * that a writer marks as it takes the logs over (see fenceStreams.ts); no record subject ends so.
 * `<partition>` is the record's `__consumer_offsets` partition (partitionFor its group), `<key>` the
 * record key's stable JSON in base64url: subject tokens may not hold `.`, `*`, `>` or spaces, and
 * base64url maps distinct keys to distinct tokens, so two keys never share a subject.
 */
export interface StreamNames {
  readonly offsetsStream: string;
  readonly dataStream: string;
  readonly offsetsSubjects: string;
  readonly dataSubject: string;
  readonly offsetsFence: string;
  readonly dataFence: string;
  readonly writerSubject: string;
  readonly memberSubject: string;
  /** The subject of a record key: the unit the offsets stream compacts by. */
  offsetsSubject(key: OffsetKey): string;
}

/** The last token of a fence subject: a record's never is (an offsets key token is base64url of JSON, `eyJ…`). */
export const FENCE_TOKEN = 'fence';

export function isFence(subject: string): boolean {
  return subject.endsWith(`.${FENCE_TOKEN}`);
}

export const WRITERS_STREAM = 'OFFSETLOG_WRITERS';
export const WRITERS_SUBJECTS = 'offsetlog.writers.*';
export const MEMBERS_STREAM = 'OFFSETLOG_MEMBERS';
export const MEMBERS_SUBJECTS = 'offsetlog.members.*';

/**
 * The NATS server refuses a protocol line longer than its max_control_line (4096 bytes by default),
 * and a publish's line holds its subject: a key whose subject would be longer is refused.
 */
export const MAX_SUBJECT_BYTES = 3_500;

export function streamNames(nodeId: string): StreamNames {
  const node = nodeToken(nodeId);
  return {
    offsetsStream: `OFFSETLOG_OFFSETS_${node}`,
    dataStream: `OFFSETLOG_DATA_${node}`,
    offsetsSubjects: `offsetlog.${node}.offsets.>`,
    dataSubject: `offsetlog.${node}.data`,
    offsetsFence: `offsetlog.${node}.offsets.${FENCE_TOKEN}`,
    dataFence: `offsetlog.${node}.data.${FENCE_TOKEN}`,
    writerSubject: `offsetlog.writers.${node}`,
    memberSubject: `offsetlog.members.${node}`,
    offsetsSubject: (key) => `offsetlog.${node}.offsets.${partitionFor(key.group, DEFAULT_LOG_PARTITIONS)}.${Buffer.from(keyText(key), 'utf8').toString('base64url')}`,
  };
}

/**
 * A node id as a stream-name and subject token: itself when it is only letters, digits and `-`
 * (Maelstrom's `n1`), else `_` and its UTF-8 bytes in hex. Only the second form holds `_`, so
 * two ids never share a token.
 */
export function nodeToken(nodeId: string): string {
  if (nodeId.length === 0) throw new RangeError('a node id must be a non-empty string, got ""');
  return /^[A-Za-z0-9-]+$/.test(nodeId) ? nodeId : `_${Buffer.from(nodeId, 'utf8').toString('hex')}`;
}
