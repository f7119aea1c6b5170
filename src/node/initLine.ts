import { decodeMessage } from '../protocol/decodeMessage.js';
import { init, type Init } from '../requests/init.js';
import { parseRequest } from '../requests/registry.js';

/** An init as a line carries it, with what its reply needs. */
export interface InitLine {
  readonly src: string;
  readonly dest: string;
  readonly msgId: number;
  readonly init: Init;
}

/** The init a line carries, when it is a valid one; undefined for any other line (a malformed init too). */
export function initInLine(line: string): InitLine | undefined {
  // Most lines are not an init: they are told apart without parsing them.
  if (!line.includes(`"${init.type}"`)) return undefined;
  const decoded = decodeMessage(line);
  if (!decoded.ok || decoded.message.body.type !== init.type) return undefined;
  const parsed = parseRequest(decoded.message.body);
  if (!parsed.ok) return undefined;
  return { src: decoded.message.src, dest: decoded.message.dest, msgId: parsed.msgId, init: parsed.request as Init };
}
