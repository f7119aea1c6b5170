/**
 * The exit status of every command, the contract a script relies on:
 *   0  done (for replay: every recorded reply compared equal, none missing, none extra)
 *   1  the data disagrees or is damaged (a replay that differs, a corrupt log, a repair that would cut)
 *   2  usage, or input that is not what the command reads (a missing path, a transcript given
 *      to dump, a data directory given to replay, an unknown group); also anything else that
 *      stopped a command before it could answer, so that 1 always means "read, and found wrong"
 *      (as diff and cmp keep 1 for "differ" and 2 for trouble)
 */
export const EXIT_DONE = 0;
export const EXIT_DISAGREES = 1;
export const EXIT_USAGE = 2;

export type FailureStatus = typeof EXIT_DISAGREES | typeof EXIT_USAGE;

/** A failure a command reports as one line on stderr, with the status it exits with. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: FailureStatus,
  ) {
    super(message);
  }
}

/**
 * Errors of the modules under the CLI, by their names rather than their classes: the CLI loads
 * the file log and the transcript reader only when a command needs them, and so must not
 * import them just to recognise their errors.
 */
const STATUS_BY_ERROR_NAME: ReadonlyMap<string, FailureStatus> = new Map([
  ['CorruptLogError', EXIT_DISAGREES], // a whole record fails its checksum or does not decode
  ['CorruptStreamError', EXIT_DISAGREES], // a JetStream message that is no record of its log
  ['LogsTakenError', EXIT_USAGE], // a live node writes the JetStream logs of this node id
  ['MissingSegmentError', EXIT_DISAGREES], // a partition's segment file was deleted
  ['TranscriptError', EXIT_DISAGREES], // a transcript damaged after its first line
  ['NotATranscriptError', EXIT_USAGE], // a file that is no transcript at all
  ['DataDirectoryError', EXIT_USAGE], // not a data directory, another format, in use by a node
  ['MembershipError', EXIT_USAGE], // logs of another node, or of this node in another cluster
  ['NodePathError', EXIT_USAGE], // a node_id that cannot be part of a {node_id} path
  ['LogWriterError', EXIT_USAGE], // the log's writer thread could not start (no descriptors left, say)
  ['AppendError', EXIT_USAGE], // the log's writer thread died: nothing more can be written
]);

/** What file system errors mean, said without their codes. */
const ERRNO_TEXT: ReadonlyMap<string, string> = new Map([
  ['ENOENT', 'no such file or directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'not permitted'],
  ['EISDIR', 'is a directory, expected a file'],
  ['ENOTDIR', 'a path component is not a directory'],
  ['ENOSPC', 'no space left on the device'],
  ['EROFS', 'the file system is read-only'],
  ['EIO', 'an I/O error'],
]);

/** Any error a command throws, as the one line and the status the contract gives it. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof Error)) return new CliError(`unexpected failure: ${String(error)}`, EXIT_USAGE);
  const status = STATUS_BY_ERROR_NAME.get(error.name);
  if (status !== undefined) return new CliError(error.message, status);
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (code?.startsWith('ERR_PARSE_ARGS') === true) {
    // node:util's parseArgs appends advice about '--' that does not fit on our one line.
    return new CliError(firstSentence(error.message), EXIT_USAGE);
  }
  if (code !== undefined && /^E[A-Z]+$/.test(code)) {
    return new CliError(`${path ?? syscall ?? 'a system call'}: ${ERRNO_TEXT.get(code) ?? `the system refused (${code})`}`, EXIT_USAGE);
  }
  return new CliError(`unexpected failure (a bug in offsetlog): ${firstLine(error.message)}`, EXIT_USAGE);
}

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end < 0 ? text : text.slice(0, end);
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
