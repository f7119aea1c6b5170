import stringWidth from 'string-width';
import { findLogEnd, tableRows, type OffsetRow, type OffsetTable } from '../state/offsetTable.js';

/** A name as printed in a text table: as it is when plain, JSON-quoted when it holds spaces or control characters. */
export function printableName(name: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(name) && !name.includes('"') ? name : JSON.stringify(name);
}

/**
 * The table as `kafka-consumer-groups --describe` shows a group: aligned columns, sorted.
 * Columns are padded by the width a terminal gives each name (a CJK character takes two
 * columns, a combining accent none), not by its length in code units. A commit made without
 * a clock (a fixture session replays at time 0) has no time to show: '-'.
 * When a shown offset is a key's with a data log (see logEndOf), LOG-END-OFFSET and LAG follow, as
 * kafka-consumer-groups shows them; '-' in the rows of offsets without one.
 */
export function describeTable(table: OffsetTable, group?: string): string {
  const rows = tableRows(table).filter((row) => group === undefined || row.group === group);
  const ends = rows.map((row) => logEndOf(table, row));
  const withEnds = ends.some((end) => end !== undefined);
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', ...(withEnds ? ['LOG-END-OFFSET', 'LAG'] : []), 'COMMITTED-AT', 'METADATA'];
  const cells = rows.map((row, index) => {
    const end = ends[index];
    return [
      printableName(row.group),
      printableName(row.topic),
      String(row.partition),
      String(row.offset),
      ...(!withEnds ? [] : end === undefined ? ['-', '-'] : [String(end), String(end - row.offset)]),
      commitTime(row.commitTimestamp),
      row.metadata === undefined ? '-' : JSON.stringify(row.metadata),
    ];
  });
  const widths = header.map((title, column) => Math.max(stringWidth(title), ...cells.map((cell) => stringWidth(cell[column] as string))));
  const line = (cell: readonly string[]) => cell.map((text, column) => text + ' '.repeat((widths[column] as number) - stringWidth(text))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

/** The table as JSON lines, one row each; `logEndOffset` and `lag` in the rows of keys with a data log. */
export function describeTableJson(table: OffsetTable, group?: string): string {
  return tableRows(table)
    .filter((row) => group === undefined || row.group === group)
    .map((row: OffsetRow) => {
      const end = logEndOf(table, row);
      return `${JSON.stringify(end === undefined ? row : { ...row, logEndOffset: end, lag: end - row.offset })}\n`;
    })
    .join('');
}

/**
 * The log end of the key a row's offset is for, undefined when it has no data log. A kafka-workload
 * key is a topic's partition 0 (see commit_offsets), so only those rows have one. LAG is Kafka's:
 * the log end minus the committed offset, the count of messages a consumer resuming there has to read.
 */
function logEndOf(table: OffsetTable, row: OffsetRow): number | undefined {
  if (row.partition !== 0) return undefined;
  const end = findLogEnd(table, row.topic);
  return end === 0 ? undefined : end;
}

/** A commit's time as a date; `-` for a run without a clock (0), and the raw milliseconds for a time no date can hold. */
function commitTime(ms: number): string {
  if (ms === 0) return '-';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
