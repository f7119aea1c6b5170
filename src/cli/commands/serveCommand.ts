import { parseArgs } from 'node:util';
import { envPositive, natsOptions, positiveInteger, serve, serveOptionsFromEnv } from '../serve.js';

export const serveUsage = `offsetlog serve [--data-dir DIR] [--record FILE] [--offsets-retention-ms MS] [--compaction-min-records N]
                       [--forward-timeout-ms MS] [--nats URLS [--nats-replicas N]]

Runs the node: Maelstrom requests on stdin, replies on stdout, logs on stderr; exits 0 when
stdin closes and every reply is written. Each option can also come from the environment,
for harnesses that start bin/offsetlog-node with no arguments.

  --data-dir DIR      keep the __consumer_offsets log in DIR (OFFSETLOG_DATA_DIR); a commit
                      is acknowledged only once it is on disk. Without it the log is in memory.
                      Each {node_id} in DIR becomes the name init gives the node, so the nodes of
                      a cluster started with one setting each keep their own directory.
  --record FILE       append a transcript of every line in and out to FILE (OFFSETLOG_RECORD),
                      for offsetlog replay; {node_id} in FILE becomes the node's name
  --offsets-retention-ms MS
                      offsets whose last commit is older than MS expire: fetches stop seeing them
                      at once, and tombstones remove them from the log (OFFSETLOG_OFFSETS_RETENTION_MS;
                      off by default, as Kafka's offsets.retention.minutes but in milliseconds)
  --compaction-min-records N
                      compact a log partition once it holds N records and twice what its last
                      compaction kept (OFFSETLOG_COMPACTION_MIN_RECORDS, default 10000)
  --forward-timeout-ms MS
                      in a cluster, a request forwarded to the node that owns it and not answered
                      within MS gets code 0 (a write) or 11 (a read) (OFFSETLOG_FORWARD_TIMEOUT_MS,
                      default 1000)
  --nats URLS         keep the logs in NATS JetStream instead (OFFSETLOG_NATS_URL; comma-separated
                      nats://host:port): streams OFFSETLOG_OFFSETS_<node> and OFFSETLOG_DATA_<node>,
                      opened when init names the node; a write is acknowledged once a majority of
                      the stream's replicas holds it. A node started on another machine with the
                      same name rebuilds its table from the streams.
  --nats-replicas N   copies of each stream (OFFSETLOG_NATS_REPLICAS; default 3, or the number of
                      URLs when fewer). A deleted key's tombstone is purged from the stream after
                      OFFSETLOG_NATS_TOMBSTONE_RETENTION_MS (default a day, as Kafka's delete.retention.ms)

Example:
  bin/offsetlog serve --data-dir /tmp/offsets --record /tmp/run.jsonl < session.jsonl
`;

export async function serveCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { 'data-dir': { type: 'string' }, record: { type: 'string' }, 'offsets-retention-ms': { type: 'string' }, 'compaction-min-records': { type: 'string' }, 'forward-timeout-ms': { type: 'string' }, nats: { type: 'string' }, 'nats-replicas': { type: 'string' } },
    strict: true,
  });
  const fromEnv = serveOptionsFromEnv(process.env);
  const compaction = values['compaction-min-records'];
  const forwardTimeout = values['forward-timeout-ms'];
  const natsUrls = values.nats ?? process.env['OFFSETLOG_NATS_URL'];
  const replicas = values['nats-replicas'] !== undefined ? positiveInteger('--nats-replicas', values['nats-replicas']) : envPositive(process.env, 'OFFSETLOG_NATS_REPLICAS');
  await serve({
    nats: natsUrls === undefined || natsUrls === '' ? undefined : natsOptions(natsUrls, replicas, envPositive(process.env, 'OFFSETLOG_NATS_TOMBSTONE_RETENTION_MS')),
    dataDir: values['data-dir'] ?? fromEnv.dataDir,
    record: values.record ?? fromEnv.record,
    retentionMs: values['offsets-retention-ms'] === undefined ? fromEnv.retentionMs : positiveInteger('--offsets-retention-ms', values['offsets-retention-ms']),
    compactionMinRecords: compaction === undefined ? fromEnv.compactionMinRecords : positiveInteger('--compaction-min-records', compaction),
    forwardTimeoutMs: forwardTimeout === undefined ? fromEnv.forwardTimeoutMs : positiveInteger('--forward-timeout-ms', forwardTimeout),
  });
  return 0;
}
