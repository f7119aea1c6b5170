import stringWidth from 'string-width';
import { tableRows, type OffsetRow, type OffsetTable } from '../state/offsetTable.js';

/** A name as printed in a text table: as it is when plain, JSON-quoted when it holds spaces or control characters. */
export function printableName(name: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(name) && !name.includes('"') ? name : JSON.stringify(name);
}

/**
 * The table as `kafka-consumer-groups --describe` shows a group: aligned columns, sorted.
 * Columns are padded by the width a terminal gives each name (a CJK character takes two
 * columns, a combining accent none), not by its length in code units. A commit made without
 * a clock (a fixture session replays at time 0) has no time to show: '-'.
 */
export function describeTable(table: OffsetTable, group?: string): string {
  const rows = tableRows(table).filter((row) => group === undefined || row.group === group);
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'COMMITTED-AT', 'METADATA'];
  const cells = rows.map((row) => [
    printableName(row.group),
    printableName(row.topic),
    String(row.partition),
    String(row.offset),
    commitTime(row.commitTimestamp),
    row.metadata === undefined ? '-' : JSON.stringify(row.metadata),
  ]);
  const widths = header.map((title, column) => Math.max(stringWidth(title), ...cells.map((cell) => stringWidth(cell[column] as string))));
  const line = (cell: readonly string[]) => cell.map((text, column) => text + ' '.repeat((widths[column] as number) - stringWidth(text))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

/** The table as JSON lines, one row each. */
export function describeTableJson(table: OffsetTable, group?: string): string {
  return tableRows(table)
    .filter((row) => group === undefined || row.group === group)
    .map((row: OffsetRow) => `${JSON.stringify(row)}\n`)
    .join('');
}

/** A commit's time as a date; `-` for a run without a clock (0), and the raw milliseconds for a time no date can hold. */
function commitTime(ms: number): string {
  if (ms === 0) return '-';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
