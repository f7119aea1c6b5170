/**
 * Series ordered by when their standing commit expires (a binary min-heap). An entry can go
 * stale (the series was committed again or removed since): whoever takes it checks that the
 * commit it names is still the standing one.
 */
export class ExpiryQueue {
  private readonly at: number[] = [];
  private readonly series: number[] = [];
  private readonly committedAt: number[] = [];

  get size(): number {
    return this.at.length;
  }

  clear(): void {
    this.at.length = 0;
    this.series.length = 0;
    this.committedAt.length = 0;
  }

  push(expiresAt: number, series: number, committedAt: number): void {
    this.at.push(expiresAt);
    this.series.push(series);
    this.committedAt.push(committedAt);
    let child = this.at.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((this.at[parent] as number) <= (this.at[child] as number)) break;
      this.swap(parent, child);
      child = parent;
    }
  }

  /** The earliest entry if it expires at or before `now`, taken off the queue; undefined otherwise. */
  takeDue(now: number): { readonly expiresAt: number; readonly series: number; readonly committedAt: number } | undefined {
    const first = this.at[0];
    if (first === undefined || first > now) return undefined;
    const taken = { expiresAt: first, series: this.series[0] as number, committedAt: this.committedAt[0] as number };
    const last = this.at.length - 1;
    this.swap(0, last);
    this.at.pop();
    this.series.pop();
    this.committedAt.pop();
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.at.length && (this.at[left] as number) < (this.at[smallest] as number)) smallest = left;
      if (right < this.at.length && (this.at[right] as number) < (this.at[smallest] as number)) smallest = right;
      if (smallest === parent) break;
      this.swap(parent, smallest);
      parent = smallest;
    }
    return taken;
  }

  private swap(a: number, b: number): void {
    swapIn(this.at, a, b);
    swapIn(this.series, a, b);
    swapIn(this.committedAt, a, b);
  }
}

function swapIn(column: number[], a: number, b: number): void {
  const kept = column[a] as number;
  column[a] = column[b] as number;
  column[b] = kept;
}
