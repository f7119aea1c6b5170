/**
 * How a received value is named in error text: short, and with its JSON type,
 * so `"0" (string)` and `0` cannot be confused.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const kind = Array.isArray(value) ? 'array' : typeof value;
  let shown = kind === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  return kind === 'number' || kind === 'boolean' ? shown : `${shown} (${kind})`;
}
