import type { MessageBody } from '../../protocol/messages.js';
import { requestedCommits } from './attemptedCommits.js';
import type { RunOverview } from './runOverview.js';
import type { Timeline } from './timeline.js';
import type { Origin } from './timelineColumns.js';
import type { PendingRequest } from './transcriptTimeline.js';

/** Where the timeline and the node's own answers part, counted and shown once with the first case. */
interface Disagreement {
  count: number;
  first: string | undefined;
}

/**
 * What a request did to the offsets, once its reply says: acknowledged commits move keys,
 * refused ones are marked as errors, acknowledged deletes remove what stood, fetches are
 * ticks. Fetch replies double as a check: what a fetch read must be what the timeline holds.
 */
export class RequestEffects {
  private readonly fetchDisagreements: Disagreement = { count: 0, first: undefined };
  private readonly deleteDisagreements: Disagreement = { count: 0, first: undefined };

  constructor(
    private readonly timeline: Timeline,
    private readonly overview: RunOverview,
  ) {}

  /** `committed` hears of every series an acknowledged commit moved, with the commit's time. */
  apply(pending: PendingRequest, reply: MessageBody, origin: Origin, committed: (series: number, t: number) => void): void {
    const { request: known, t } = pending;
    const { timeline } = this;
    if (reply.type === 'error') {
      const code = typeof reply['code'] === 'number' ? reply['code'] : -1;
      const text = typeof reply['text'] === 'string' ? reply['text'] : '';
      const attempted = known === undefined ? pending.attempted : requestedCommits(known);
      for (const { key, offset } of attempted) timeline.error(key, t, offset, code, text, origin);
      return;
    }
    if (known === undefined || reply.type !== pending.okType) return;
    switch (known.kind) {
      case 'commit': {
        const { request } = known;
        committed(timeline.commit(request, t, request.offset, request.metadata, origin), t);
        return;
      }
      case 'offset commit':
        for (const { topic, partition, offset, metadata } of known.request.offsets) committed(timeline.commit({ group: known.request.group, topic, partition }, t, offset, metadata, origin), t);
        return;
      case 'commit offsets':
        for (const [topic, offset] of known.request.offsets) committed(timeline.commit({ group: known.request.group, topic, partition: 0 }, t, offset, undefined, origin), t);
        return;
      case 'offset delete': {
        let removed = 0;
        for (const { topic, partition } of known.request.partitions) {
          const series = timeline.findSeries({ group: known.request.group, topic, partition });
          if (series !== undefined && timeline.remove(series, 'delete', t, origin)) removed++;
        }
        if (removed !== reply['deleted']) this.disagree(this.deleteDisagreements, `step ${pending.step}: the node deleted ${JSON.stringify(reply['deleted'])}, the report saw ${removed} standing`);
        return;
      }
      case 'delete groups':
        for (const group of Array.isArray(reply['deleted']) ? (reply['deleted'] as unknown[]) : []) {
          if (typeof group !== 'string') continue;
          for (const series of timeline.liveSeriesOf(group)) timeline.remove(series, 'delete', t, origin);
        }
        return;
      case 'fetch':
        this.fetched(known.request, reply['offset'], t, origin, pending.step);
        return;
      case 'offset fetch':
        for (const entry of Array.isArray(reply['topics']) ? (reply['topics'] as { topic?: unknown; partitions?: unknown }[]) : []) {
          if (typeof entry.topic !== 'string' || !Array.isArray(entry.partitions)) continue;
          for (const { partition, offset } of entry.partitions as { partition?: unknown; offset?: unknown }[]) {
            if (typeof partition === 'number') this.fetched({ group: known.request.group, topic: entry.topic, partition }, offset, t, origin, pending.step);
          }
        }
        return;
      default:
        return;
    }
  }

  /** Says where the timeline disagreed with what the node answered. */
  finish(path: string): void {
    const { fetchDisagreements: fetches, deleteDisagreements: deletes } = this;
    if (fetches.count > 0) {
      this.overview.warn(`${fetches.count} fetches in ${path} read an offset other than the one the report holds (first: ${fetches.first}); did the node start from a data directory that held offsets before the recording?`);
    }
    if (deletes.count > 0) this.overview.warn(`${deletes.count} offset_delete replies in ${path} deleted other than the report expected (first: ${deletes.first})`);
  }

  private fetched(key: { group: string; topic: string; partition: number }, read: unknown, t: number, origin: Origin, step: number): void {
    if (typeof read !== 'number') return;
    const series = this.timeline.seriesOf(key);
    const holds = this.timeline.offsetOf(series);
    // A fetch of a key with no offset reads 0, as the task says.
    if ((holds ?? 0) !== read) this.disagree(this.fetchDisagreements, `step ${step} read ${read}, the report holds ${holds ?? 'none'}`);
    this.timeline.fetch(series, t, read, origin);
  }

  private disagree(disagreement: Disagreement, text: string): void {
    disagreement.count++;
    disagreement.first ??= text;
  }
}
