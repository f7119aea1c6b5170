import { tableRows, type OffsetRow, type OffsetTable } from '../state/offsetTable.js';

/** A name as printed in a text table: as it is when plain, JSON-quoted when it holds spaces or control characters. */
export function printableName(name: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(name) && !name.includes('"') ? name : JSON.stringify(name);
}

/** The table as `kafka-consumer-groups --describe` shows a group: aligned columns, sorted. */
export function describeTable(table: OffsetTable, group?: string): string {
  const rows = tableRows(table).filter((row) => group === undefined || row.group === group);
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'COMMITTED-AT', 'METADATA'];
  const cells = rows.map((row) => [
    printableName(row.group),
    printableName(row.topic),
    String(row.partition),
    String(row.offset),
    new Date(row.commitTimestamp).toISOString(),
    row.metadata === undefined ? '-' : JSON.stringify(row.metadata),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] as string).length)));
  const line = (cell: readonly string[]) => cell.map((text, column) => text.padEnd(widths[column] as number)).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

/** The table as JSON lines, one row each. */
export function describeTableJson(table: OffsetTable, group?: string): string {
  return tableRows(table)
    .filter((row) => group === undefined || row.group === group)
    .map((row: OffsetRow) => `${JSON.stringify(row)}\n`)
    .join('');
}
