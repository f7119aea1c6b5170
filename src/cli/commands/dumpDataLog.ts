import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DATA_PARTITIONS, DATA_TOPIC, dataSegmentPath } from '../../log/data/dataLayout.js';
import type { DataRecord } from '../../log/data/dataRecord.js';
import { walkDataSegment } from '../../log/data/walkDataSegment.js';

const DATA_PARTITION_DIRECTORY = new RegExp(`^${DATA_TOPIC}-(\\d+)$`);

/** The data partition a segment file belongs to, by its directory's name; undefined for any other file. */
export function dataPartitionOf(file: string): number | undefined {
  const match = DATA_PARTITION_DIRECTORY.exec(basename(dirname(file)));
  return match === null ? undefined : Number(match[1]);
}

/**
 * Decodes data-log segments for `offsetlog dump`: every data partition of a data directory, or
 * one data segment file, one line per record. As for `__consumer_offsets`, a line says where the
 * record sits (topic __data, partition, log offset in the partition, byte position), then its key
 * and payload (the key's own offset and the message):
 *   topic: __data partition: 13 offset: 0 position: 0 key: "orders" payload: {"offset":0,"msg":"o-0"}
 * Returns whether a segment is damaged (reported on stderr, as for the offsets log).
 */
export function dumpDataLog(path: string, json: boolean, write: (text: string) => void, report: (text: string) => void): boolean {
  const files = statSync(path).isDirectory()
    ? Array.from({ length: DATA_PARTITIONS }, (_, partition) => ({ partition, file: dataSegmentPath(path, partition) })).filter(({ file }) => existsSync(file))
    : [{ partition: dataPartitionOf(path) as number, file: path }];
  let damaged = false;
  for (const { partition, file } of files) {
    const bytes = readFileSync(file);
    const lines: string[] = [];
    const { validBytes, tail } = walkDataSegment(bytes, (record, position, _end, offset) => {
      lines.push(json ? jsonLine(partition, offset, position, record) : textLine(partition, offset, position, record));
      return undefined;
    });
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
    if (tail.kind === 'torn') report(`${file}: ends with an incomplete record at byte ${validBytes} (${tail.bytes} bytes; the node cuts it off at start)\n`);
    if (tail.kind === 'corrupt') {
      report(`${file}: the record at byte ${validBytes} is corrupt (${tail.reason}); ${bytes.length - validBytes} bytes from there on are unreadable\n`);
      damaged = true;
    }
  }
  return damaged;
}

function textLine(partition: number, offset: number, position: number, { key, offset: keyOffset, msg }: DataRecord): string {
  return `topic: ${DATA_TOPIC} partition: ${partition} offset: ${offset} position: ${position} key: ${JSON.stringify(key)} payload: ${JSON.stringify({ offset: keyOffset, msg })}`;
}

function jsonLine(partition: number, offset: number, position: number, { key, offset: keyOffset, msg }: DataRecord): string {
  return JSON.stringify({ topic: DATA_TOPIC, partition, offset, position, key, value: { offset: keyOffset, msg } });
}
