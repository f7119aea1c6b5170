/**
 * CRC-32 (the IEEE polynomial, as zlib's crc32) of a range of bytes, slicing by 8.
 *
 * In JavaScript rather than node:zlib's crc32, which needs a view of the range: for a frame of
 * about a hundred bytes the view and the call into C++ cost more than the sum (see BENCHMARKS.md,
 * "Choices that rest on a measurement"). Logs check one checksum per record, at every append and
 * every start.
 */
const TABLES = makeTables();

function makeTables(): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    tables[byte] = crc;
  }
  // Table t gives the CRC of a byte followed by t zero bytes, so eight bytes take one step.
  for (let table = 1; table < 8; table++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = tables[(table - 1) * 256 + byte] as number;
      tables[table * 256 + byte] = (previous >>> 8) ^ (tables[previous & 0xff] as number);
    }
  }
  return tables;
}

export function crc32Range(bytes: Uint8Array, start: number, end: number): number {
  return crc32Continue(0, bytes, start, end);
}

/** The CRC-32 of the bytes a CRC of `previous` was taken of, followed by the range: a checksum taken in steps. */
export function crc32Continue(previous: number, bytes: Uint8Array, start: number, end: number): number {
  const t = TABLES;
  let crc = previous ^ -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const word = ((bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)) ^ crc;
    crc =
      (t[1792 + (word & 0xff)] as number) ^
      (t[1536 + ((word >>> 8) & 0xff)] as number) ^
      (t[1280 + ((word >>> 16) & 0xff)] as number) ^
      (t[1024 + (word >>> 24)] as number) ^
      (t[768 + (bytes[i + 4] as number)] as number) ^
      (t[512 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number);
  }
  for (; i < end; i++) crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
