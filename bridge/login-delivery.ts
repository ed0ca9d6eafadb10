import type { TcellEventSink } from '../exporters/sinks/types';
import type { BridgedLogin } from './login-extraction';
import { RecentIds } from './recent-ids';
import type { BridgedEventRecord } from './types';

/** What one delivery did. */
export interface DeliveryResult {
  delivered: number;
  /** Logins left out because a login with the same `tcell.login.id` was already delivered. */
  duplicates: number;
}

/**
 * Delivers bridged logins to every sink, one batch at a time (sinks are never written
 * concurrently), dropping a login whose id was already delivered. An id counts as delivered only
 * once every sink took it, so a sender that retries after a failure is not silently deduped.
 */
export class LoginDelivery {
  private readonly delivered: RecentIds;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sinks: readonly TcellEventSink[],
    dedupeCapacity: number,
  ) {
    this.delivered = new RecentIds(dedupeCapacity);
  }

  /** Delivers the logins after every batch handed in before; rejects when a sink fails. */
  deliver(logins: readonly BridgedLogin[]): Promise<DeliveryResult> {
    const next = this.queue.then(() => this.deliverNow(logins));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every sink delivered what it was given. */
  async forceFlush(): Promise<void> {
    await this.queue;
    await Promise.all(this.sinks.map((sink) => sink.forceFlush()));
  }

  /** Delivers what is queued and shuts every sink down. */
  async shutdown(): Promise<void> {
    await this.queue;
    await Promise.all(this.sinks.map((sink) => sink.shutdown()));
  }

  private async deliverNow(logins: readonly BridgedLogin[]): Promise<DeliveryResult> {
    const records: BridgedEventRecord[] = [];
    const batchIds = new Set<string>();
    for (const { record, loginId } of logins) {
      if (loginId !== undefined) {
        if (batchIds.has(loginId) || this.delivered.has(loginId)) continue;
        batchIds.add(loginId);
      }
      records.push(record);
    }
    const duplicates = logins.length - records.length;
    if (records.length === 0) return { delivered: 0, duplicates };

    await Promise.all(this.sinks.map((sink) => sink.write(records)));
    for (const loginId of batchIds) this.delivered.add(loginId);
    return { delivered: records.length, duplicates };
  }
}
