import { FieldError, optionalMetadata, requireIndex, requireName } from '../protocol/fieldValidators.js';

/** The fields of a topic-partition inside a request's array (`offsets[2]`), as Kafka's requests carry them. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionCommit extends TopicPartition {
  readonly offset: number;
  readonly metadata: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

export function parseTopicPartition(fields: Fields, path: string): TopicPartition {
  return { topic: requireName(fields['topic'], 'topic', path), partition: requireIndex(fields['partition'], 'partition', path) };
}

export function parsePartitionCommit(fields: Fields, path: string): PartitionCommit {
  return { ...parseTopicPartition(fields, path), offset: requireIndex(fields['offset'], 'offset', path), metadata: optionalMetadata(fields['metadata'], path) };
}

/** One entry per partition in a request: two would leave which one wins to chance of order. */
export function distinctPartitions<T extends TopicPartition>(entries: T[], field: string): T[] {
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const id = JSON.stringify([entry.topic, entry.partition]);
    const first = seen.get(id);
    if (first !== undefined) throw new FieldError(`${field}[${i}] repeats ${field}[${first}] (topic ${JSON.stringify(entry.topic)}, partition ${entry.partition})`);
    seen.set(id, i);
  });
  return entries;
}
