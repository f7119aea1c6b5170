/** Each distinct string once, referred to by its index: client names and metadata repeat across a run. */
export class StringTable {
  private readonly indexes = new Map<string, number>();
  readonly values: string[] = [];

  intern(text: string): number {
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.values.length;
      this.indexes.set(text, index);
      this.values.push(text);
    }
    return index;
  }

  /** The string at an index; undefined for a negative one (none). */
  at(index: number): string | undefined {
    return index < 0 ? undefined : this.values[index];
  }
}
