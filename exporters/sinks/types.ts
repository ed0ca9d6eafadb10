import type { TcellEventRecord } from '../tcell-event';

/** Where mapped tCell events are delivered. Writes are never called concurrently. */
export interface TcellEventSink {
  /** Delivers a batch of events, in order. */
  write(records: readonly TcellEventRecord[]): Promise<void>;
  /** Delivers a batch synchronously; used only while the process exits. */
  writeSync?(records: readonly TcellEventRecord[]): void;
  /** Resolves once everything written so far is delivered. */
  forceFlush(): Promise<void>;
  /** Delivers what it holds and releases its resources. */
  shutdown(): Promise<void>;
}
