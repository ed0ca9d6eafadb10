import type { TcellEventRecord } from '../tcell-event';
import type { DeliveryStats } from './delivery-stats';

/** Where mapped tCell events are delivered. Writes are never called concurrently. */
export interface TcellEventSink {
  /**
   * Takes a batch of events, in order. A sink with its own queue (the ingest sink) resolves
   * once the batch is queued; `forceFlush()` waits for delivery.
   */
  write(records: readonly TcellEventRecord[]): Promise<void>;
  /** Delivers a batch synchronously; used only while the process exits. */
  writeSync?(records: readonly TcellEventRecord[]): void;
  /** Resolves once everything written so far is delivered (or given up on and counted). */
  forceFlush(): Promise<void>;
  /** Delivers what it holds and releases its resources. */
  shutdown(): Promise<void>;
  /** Counts of accepted, delivered, dropped (by reason) and pending events. */
  stats?(): DeliveryStats;
}
