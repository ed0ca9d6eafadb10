import { countDelivered, countDropped } from '../../src/login-metrics';

/** What one sink (or stage) did with the events handed to it, since it was made. */
export interface DeliveryStats {
  /** The sink or stage: `jsonl`, `ingest`, `processor`; the `tcell.sink` metric attribute. */
  sink: string;
  /** Events handed to it. */
  accepted: number;
  /** Events it delivered to their destination. */
  delivered: number;
  /** Events it gave up on, by reason. */
  dropped: Record<string, number>;
  /** Events it still holds (queued or in flight): accepted - delivered - all dropped. */
  pending: number;
}

/**
 * Keeps the counts behind `stats()` and mirrors delivered and dropped counts into the
 * `tcell.login.events.*` metrics, under the sink's name.
 */
export class DeliveryTally {
  private accepted = 0;
  private delivered = 0;
  private readonly dropped: Record<string, number> = {};

  constructor(private readonly sinkName: string) {}

  /** Counts events handed over. */
  accept(count: number): void {
    this.accepted += count;
  }

  /** Counts events delivered. */
  deliver(count: number): void {
    this.delivered += count;
    countDelivered(this.sinkName, count);
  }

  /** Counts events given up on. */
  drop(reason: string, count: number): void {
    if (count <= 0) return;
    this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
    countDropped(this.sinkName, reason, count);
  }

  /** A copy of the counts. */
  snapshot(): DeliveryStats {
    const droppedTotal = Object.values(this.dropped).reduce((sum, count) => sum + count, 0);
    return {
      sink: this.sinkName,
      accepted: this.accepted,
      delivered: this.delivered,
      dropped: { ...this.dropped },
      pending: this.accepted - this.delivered - droppedTotal,
    };
  }
}

/**
 * One line for a diagnostic: `sink=ingest accepted=10 delivered=8 pending=0 dropped=2
 * (queue_full=2)`.
 */
export function describeDeliveryStats(stats: DeliveryStats): string {
  const reasons = Object.entries(stats.dropped);
  const dropped = reasons.reduce((sum, [, count]) => sum + count, 0);
  const detail =
    reasons.length === 0 ? '' : ` (${reasons.map(([reason, n]) => `${reason}=${n}`).join(' ')})`;
  return (
    `sink=${stats.sink} accepted=${stats.accepted} delivered=${stats.delivered} ` +
    `pending=${stats.pending} dropped=${dropped}${detail}`
  );
}
