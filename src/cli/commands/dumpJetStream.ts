import { DATA_TOPIC } from '../../log/data/dataLayout.js';
import type { JetStreamLocation } from '../../log/jetstream/jetStreamLocation.js';
import { DEFAULT_LOG_PARTITIONS, partitionFor } from '../../log/partitionFor.js';

/**
 * `offsetlog dump nats://HOST:PORT/NODE`: a node's streams, one line per record as for a data
 * directory, where the record sits being its stream and sequence (the offsets stream is kept
 * compacted, so sequences have gaps):
 *   stream: OFFSETLOG_OFFSETS_n1 seq: 7 partition: 3 key: {...} payload: {...}
 *   topic: __data stream: OFFSETLOG_DATA_n1 seq: 2 key: "orders" payload: {"offset":0,"msg":"o-0"}
 */
export async function dumpJetStream(location: JetStreamLocation, json: boolean, write: (text: string) => void): Promise<void> {
  const { readJetStreamLogs } = await import('../../log/jetstream/readJetStreamLogs.js');
  const { streamNames } = await import('../../log/jetstream/streamNames.js');
  const names = streamNames(location.nodeId);
  const lines: string[] = [];
  const flush = (): void => {
    if (lines.length > 0) write(`${lines.splice(0).join('\n')}\n`);
  };
  await readJetStreamLogs(location, {
    offsets({ key, value }, seq) {
      const partition = partitionFor(key.group, DEFAULT_LOG_PARTITIONS);
      const payload = value === null ? null : { offset: value.offset, commitTimestamp: value.commitTimestamp, ...(value.metadata === undefined ? {} : { metadata: value.metadata }) };
      const orderedKey = { group: key.group, topic: key.topic, partition: key.partition };
      lines.push(json ? JSON.stringify({ stream: names.offsetsStream, seq, partition, key: orderedKey, value: payload }) : `stream: ${names.offsetsStream} seq: ${seq} partition: ${partition} key: ${JSON.stringify(orderedKey)} payload: ${JSON.stringify(payload)}`);
      if (lines.length >= 10_000) flush();
    },
    data({ key, offset, msg }, seq) {
      lines.push(json ? JSON.stringify({ topic: DATA_TOPIC, stream: names.dataStream, seq, key, value: { offset, msg } }) : `topic: ${DATA_TOPIC} stream: ${names.dataStream} seq: ${seq} key: ${JSON.stringify(key)} payload: ${JSON.stringify({ offset, msg })}`);
      if (lines.length >= 10_000) flush();
    },
  });
  flush();
}
