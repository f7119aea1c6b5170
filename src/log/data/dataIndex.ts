/**
 * Where one key's messages are on disk: its partition, and for each offset its frame's byte
 * position and length in the partition's file and its message's size in bytes (for a poll's
 * budget). Positions only, never the messages: a poll reads them from the file.
 */
export class KeyIndex {
  readonly positions: number[] = [];
  readonly frameBytes: number[] = [];
  readonly msgBytes: number[] = [];

  constructor(readonly partition: number) {}

  get end(): number {
    return this.positions.length;
  }

  add(position: number, frameBytes: number, msgBytes: number): void {
    this.positions.push(position);
    this.frameBytes.push(frameBytes);
    this.msgBytes.push(msgBytes);
  }
}
