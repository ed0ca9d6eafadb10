import type { TcellEventSink } from '../../exporters/sinks/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { assertValidRecord } from '../helpers/schema';

/**
 * A sink that keeps every record in memory, and can be told to fail its next writes. Every
 * record it is given must match the shipped record schema: one that does not is kept in
 * `schemaErrors` and fails the write, so no bridge test passes on a record the schema refuses.
 */
export class MemorySink implements TcellEventSink {
  readonly records: Record<string, unknown>[] = [];
  readonly schemaErrors: string[] = [];
  failingWrites = 0;
  shutdownCalls = 0;

  write(records: readonly TcellEventRecord[]): Promise<void> {
    if (this.failingWrites > 0) {
      this.failingWrites -= 1;
      return Promise.reject(new Error('memory sink told to fail'));
    }
    // A JSON round trip keeps what a file sink would keep and nothing else.
    const lines = records.map((record) => JSON.parse(JSON.stringify(record)) as object);
    for (const line of lines) {
      try {
        assertValidRecord(line);
      } catch (error) {
        this.schemaErrors.push(String(error));
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    for (const line of lines) this.records.push(line as Record<string, unknown>);
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
