/** What became of one publish: acknowledged at a sequence, refused by the server (not stored), or not known. */
export type PublishOutcome = { readonly kind: 'acked'; readonly seq: number } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'unknown'; readonly reason: string };

export interface AppendFailure {
  readonly reason: string;
  /** True only when no message of the append can be in the stream, now or later. */
  readonly definite: boolean;
}

export interface ClassifiedBatch {
  /** Per append, in order: undefined when it is in the stream whole. */
  readonly failures: readonly (AppendFailure | undefined)[];
  /** Where the stream now ends, when that is known (every publish acknowledged). */
  readonly lastSeq: number | undefined;
  /** Every sequence up to this one is accounted for. */
  readonly seenThrough: number;
  /** Sequences of messages in the stream that belong to failed appends. */
  readonly strays: readonly number[];
}

/**
 * What a batch's publishes mean for its appends. Each publish expected the stream to end where the
 * one before it left it, so the stream holds a prefix of the batch: everything up to the last
 * acknowledged publish, even those whose own acknowledgement was lost. An append inside that prefix
 * succeeded; one wholly after it whose every publish was refused surely left nothing; any other
 * failed without knowing what (an unanswered publish may still land where it expected).
 */
export function classifyAppends(counts: readonly number[], outcomes: readonly PublishOutcome[], base: number): ClassifiedBatch {
  let lastAcked = -1;
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === 'acked') lastAcked = index;
  });
  const failures: (AppendFailure | undefined)[] = [];
  const strays: number[] = [];
  let start = 0;
  for (const count of counts) {
    const own = outcomes.slice(start, start + count);
    const failure = own.find((outcome) => outcome.kind !== 'acked') as Exclude<PublishOutcome, { kind: 'acked' }> | undefined;
    const landed = start + count - 1 <= lastAcked && own.every((outcome) => outcome.kind !== 'refused');
    if (failure === undefined || landed) {
      failures.push(undefined);
    } else {
      const definite = start > lastAcked && own.every((outcome) => outcome.kind === 'refused');
      failures.push({ reason: failure.reason, definite });
      for (let index = start; index < start + count && index <= lastAcked; index++) if (outcomes[index]?.kind !== 'refused') strays.push(base + index + 1);
    }
    start += count;
  }
  const whole = lastAcked === outcomes.length - 1;
  return { failures, lastSeq: whole ? base + outcomes.length : undefined, seenThrough: base + lastAcked + 1, strays };
}
