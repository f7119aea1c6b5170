/** Cuts items into consecutive, possibly empty, pieces at the given points (taken modulo the length + 1). */
export function cutAt<T>(items: readonly T[], points: readonly number[]): T[][] {
  const sorted = [...new Set(points.map((point) => point % (items.length + 1)))].sort((a, b) => a - b);
  const pieces: T[][] = [];
  let start = 0;
  for (const point of sorted) {
    pieces.push(items.slice(start, point));
    start = point;
  }
  pieces.push(items.slice(start));
  return pieces;
}
