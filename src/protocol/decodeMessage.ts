import type { Envelope } from './messages.js';

export type DecodedLine =
  | { readonly ok: true; readonly message: Envelope }
  | { readonly ok: false; readonly reason: string };

/**
 * Turns one stdin line into an envelope, or says why it is not a message.
 * Only what is needed to address a reply is checked here (src, body, type);
 * everything else is the request validator's job, so that it can answer with an error.
 */
export function decodeMessage(line: string): DecodedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const { src, dest, body } = parsed as Record<string, unknown>;
  if (typeof src !== 'string') return { ok: false, reason: 'no "src" string to reply to' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'no "body" object' };
  }
  if (typeof (body as Record<string, unknown>)['type'] !== 'string') {
    return { ok: false, reason: 'body has no "type" string' };
  }
  return { ok: true, message: { src, dest: typeof dest === 'string' ? dest : '', body: body as Envelope['body'] } };
}
