/**
 * One root of the table as a recipe sees it. Every write goes through immer's draft of the root
 * (immer copies the root on the first one and makes the next table from the draft); reads come
 * from a plain array kept equal to the draft, because every read through a draft is a trap, and a
 * table is read on every request (see BENCHMARKS.md, "The redesign, before and after"). Until the
 * first write that array is the base root itself.
 */
export class RootDraft<T> {
  private latest: readonly (T | undefined)[];
  private copied = false;

  constructor(
    private readonly draft: (T | undefined)[],
    base: readonly (T | undefined)[],
  ) {
    this.latest = base;
  }

  get(index: number): T | undefined {
    return this.latest[index];
  }

  set(index: number, value: T | undefined): void {
    this.draft[index] = value;
    if (!this.copied) {
      this.latest = this.latest.slice();
      this.copied = true;
    }
    (this.latest as (T | undefined)[])[index] = value;
  }

  /** The root as it stands, every write so far included: for reads between writes. */
  get slots(): readonly (T | undefined)[] {
    return this.latest;
  }
}
