export interface Mismatch {
  /** The input step (1-based) whose reply differs, is missing, or is extra. */
  readonly step: number;
  readonly input: string;
  /** The recorded reply; undefined when the replay gave a reply the recording does not hold. */
  readonly expected: string | undefined;
  /** The replayed reply; undefined when the recording holds a reply the replay did not give. */
  readonly actual: string | undefined;
}

interface Replayed {
  readonly step: number;
  readonly input: string;
  readonly reply: string;
}

/**
 * Pairs one session's replayed replies with its recorded ones, in order. Either side may run
 * ahead: a transcript records a batch's requests before its replies, and a fixture pair all its
 * requests before all its replies, so each side waits in a queue until the other catches up.
 */
export class ReplyComparison {
  private replayed: Replayed[] = [];
  private replayedHead = 0;
  private recorded: string[] = [];
  private recordedHead = 0;
  private lastStep = 0;
  private lastInput = '';
  /** Replies compared equal so far. */
  compared = 0;
  /** The first reply that differs; nothing more is compared after it. */
  mismatch: Mismatch | undefined;

  addReplayed(step: number, input: string, reply: string): void {
    this.replayed.push({ step, input, reply });
    this.settle();
  }

  /** Notes the last input replayed, for a recorded reply the replay never gave. */
  noteInput(step: number, input: string): void {
    this.lastStep = step;
    this.lastInput = input;
  }

  addRecorded(reply: string): void {
    this.recorded.push(reply);
    this.settle();
  }

  /** Replayed replies the recording has not (yet) given a counterpart. */
  get waiting(): number {
    return this.replayed.length - this.replayedHead;
  }

  /** The first replayed reply the recording has not given, as the difference it is if the recording ends here. */
  firstWaiting(): Mismatch | undefined {
    const first = this.replayed[this.replayedHead];
    return first === undefined ? undefined : { step: first.step, input: first.input, expected: undefined, actual: first.reply };
  }

  /** Hands over what waits on either side, in order, leaving this comparison empty. */
  drain(): { readonly replayed: readonly { readonly step: number; readonly input: string; readonly reply: string }[]; readonly recorded: readonly string[] } {
    const drained = { replayed: this.replayed.slice(this.replayedHead), recorded: this.recorded.slice(this.recordedHead) };
    this.replayed = [];
    this.replayedHead = 0;
    this.recorded = [];
    this.recordedHead = 0;
    return drained;
  }

  /** The first recorded reply the replay has not given, as the difference it is if the session ends here. */
  firstMissing(): Mismatch | undefined {
    const expected = this.recorded[this.recordedHead];
    return expected === undefined ? undefined : { step: this.lastStep, input: this.lastInput, expected, actual: undefined };
  }

  private settle(): void {
    while (this.mismatch === undefined && this.replayedHead < this.replayed.length && this.recordedHead < this.recorded.length) {
      const replayed = this.replayed[this.replayedHead++] as Replayed;
      const expected = this.recorded[this.recordedHead++] as string;
      if (expected === replayed.reply) this.compared++;
      else this.mismatch = { step: replayed.step, input: replayed.input, expected, actual: replayed.reply };
    }
    // Both queues empty between batches: start them afresh rather than let them grow.
    if (this.replayedHead === this.replayed.length) {
      this.replayed = [];
      this.replayedHead = 0;
    }
    if (this.recordedHead === this.recorded.length) {
      this.recorded = [];
      this.recordedHead = 0;
    }
  }
}
