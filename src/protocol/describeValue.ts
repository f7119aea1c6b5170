/** How much of a received value error text shows. */
const SHOWN_CHARS = 60;

/**
 * How a received value is named in error text: short, and with its JSON type,
 * so `"0" (string)` and `0` cannot be confused.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const kind = Array.isArray(value) ? 'array' : typeof value;
  let shown = kind === 'number' ? String(value) : jsonPreview(value);
  if (shown.length > SHOWN_CHARS) shown = `${shown.slice(0, SHOWN_CHARS - 3)}...`;
  return kind === 'number' || kind === 'boolean' ? shown : `${shown} (${kind})`;
}

/**
 * The start of a parsed JSON value's text, as JSON.stringify writes it, stopping once past the
 * shown length: a value nested thousands of levels deep would overflow JSON.stringify's stack,
 * and each level adds at least one character, so stopping early bounds the depth too.
 */
function jsonPreview(value: unknown): string {
  let text = '';
  const write = (item: unknown): void => {
    if (text.length > SHOWN_CHARS) return;
    if (Array.isArray(item)) {
      text += '[';
      item.forEach((element: unknown, index) => {
        if (index > 0) text += ',';
        write(element === undefined ? null : element);
      });
      text += ']';
    } else if (typeof item === 'object' && item !== null) {
      text += '{';
      Object.entries(item).forEach(([key, element], index) => {
        if (index > 0) text += ',';
        text += `${JSON.stringify(key)}:`;
        write(element);
      });
      text += '}';
    } else {
      text += JSON.stringify(item) ?? String(item);
    }
  };
  write(value);
  return text;
}
