import type { TcellEventSink } from '../../exporters/sinks/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';

/** A sink that keeps every record in memory, and can be told to fail its next writes. */
export class MemorySink implements TcellEventSink {
  readonly records: Record<string, unknown>[] = [];
  failingWrites = 0;
  shutdownCalls = 0;

  write(records: readonly TcellEventRecord[]): Promise<void> {
    if (this.failingWrites > 0) {
      this.failingWrites -= 1;
      return Promise.reject(new Error('memory sink told to fail'));
    }
    // A JSON round trip keeps what a file sink would keep and nothing else.
    for (const record of records) this.records.push(JSON.parse(JSON.stringify(record)));
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.shutdownCalls += 1;
    return Promise.resolve();
  }
}

/** The records without the bridge's `service_name` extension key. */
export function withoutServiceName(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map((record) => {
    const copy = { ...record };
    delete copy.service_name;
    return copy;
  });
}
