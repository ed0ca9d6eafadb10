import { logger, warnProblem } from '../../src/diagnostics';
import type { TcellEventRecord } from '../tcell-event';
import type { DeliveryStats } from './delivery-stats';
import { DeliveryTally } from './delivery-stats';
import type { IngestIdentity } from './ingest-envelope';
import { serializeIngestBatch } from './ingest-envelope';
import type { IngestSinkOptions, ResolvedIngestSinkOptions } from './ingest-options';
import { resolveIngestSinkOptions } from './ingest-options';
import type { IngestOutcome } from './ingest-request';
import { backoffDelay, postIngestBatch } from './ingest-request';
import type { TcellEventSink } from './types';

/** One event in the queue; `order` is its place in the stream, to restore order on retry. */
interface QueuedEvent {
  order: number;
  record: TcellEventRecord;
}

/** One request in flight. */
interface Flight {
  events: QueuedEvent[];
  abort: AbortController;
}

/** A `forceFlush()` caller, waiting until every event up to `order` is settled. */
interface FlushWaiter {
  order: number;
  done: () => void;
}

/**
 * Posts tCell events to the tCell ingest endpoint (`TCELL_INPUT_URL`) in gzip'd JSON batches.
 *
 * `write()` only queues. A failed batch (network error, timeout, 429, 5xx) goes back to the head
 * of the queue and the whole sink pauses for the backoff or the server's `Retry-After`, so the
 * queue bound covers events waiting for a retry too: when it overflows, the oldest events are
 * the ones dropped. Any other status drops the batch for good. Every event handed over ends up
 * counted once, as delivered or as dropped with a reason.
 */
export class IngestSink implements TcellEventSink {
  private readonly options: ResolvedIngestSinkOptions;
  private readonly identity: IngestIdentity;
  private readonly tally = new DeliveryTally('ingest');
  private queue: QueuedEvent[] = [];
  private readonly flights = new Set<Flight>();
  private nextOrder = 0;
  private failures = 0;
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private waiters: FlushWaiter[] = [];
  private readonly reportedStatuses = new Set<number>();
  private stopping: Promise<void> | undefined;
  private stopped = false;

  constructor(options: IngestSinkOptions) {
    this.options = resolveIngestSinkOptions(options);
    this.identity = { appId: this.options.appId, hostIdentifier: this.options.hostIdentifier };
  }

  write(records: readonly TcellEventRecord[]): Promise<void> {
    this.tally.accept(records.length);
    if (this.stopped) {
      this.tally.drop('shutdown', records.length);
      return Promise.resolve();
    }

    for (const record of records) this.queue.push({ order: this.nextOrder++, record });
    this.dropOverflow();
    this.pump();
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    const order = this.nextOrder - 1;
    if (this.lowestUnsettled() > order) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ order, done }));
  }

  /**
   * Delivers what the sink holds, for at most `shutdownDeadlineMs`; then aborts what is in
   * flight and drops the rest, counted under `shutdown`. Later writes are dropped and counted.
   */
  shutdown(): Promise<void> {
    this.stopping ??= new Promise((done) => {
      // A referenced timer keeps the process alive while the last batches go out.
      const deadline = setTimeout(() => this.abandon(), this.options.shutdownDeadlineMs);
      // Writes that arrive while shutting down are delivered too, within the same deadline.
      const flushAll = (): Promise<void> =>
        this.forceFlush().then(() =>
          this.lowestUnsettled() < this.nextOrder ? flushAll() : undefined,
        );
      void flushAll().then(() => {
        clearTimeout(deadline);
        this.stopped = true;
        done();
      });
    });
    return this.stopping;
  }

  stats(): DeliveryStats {
    return this.tally.snapshot();
  }

  /** Starts requests while the sink is not paused and the in-flight cap allows. */
  private pump(): void {
    if (this.stopped) return;
    const wait = this.resumeAt - Date.now();
    if (wait > 0) {
      if (this.resumeTimer === undefined) {
        this.resumeTimer = setTimeout(() => {
          this.resumeTimer = undefined;
          this.pump();
        }, wait);
        // Only shutdown's deadline timer holds the process open for a retry.
        this.resumeTimer.unref();
      }
      return;
    }

    const { maxConcurrentRequests, maxBatchSize } = this.options;
    while (this.flights.size < maxConcurrentRequests && this.queue.length > 0) {
      void this.send(this.queue.splice(0, maxBatchSize));
    }
  }

  private async send(events: QueuedEvent[]): Promise<void> {
    const flight: Flight = { events, abort: new AbortController() };
    this.flights.add(flight);
    const outcome = await postIngestBatch({
      url: this.options.url,
      apiKey: this.options.apiKey,
      body: serializeIngestBatch(
        events.map((event) => event.record),
        this.identity,
        this.options.format,
        this.options.formatContext,
      ),
      timeoutMs: this.options.requestTimeoutMs,
      signal: flight.abort.signal,
    });
    this.flights.delete(flight);

    this.settle(events, outcome);
    this.wakeWaiters();
    this.pump();
  }

  private settle(events: QueuedEvent[], outcome: IngestOutcome): void {
    if (outcome.kind === 'delivered') {
      this.failures = 0;
      this.tally.deliver(events.length);
      return;
    }
    if (outcome.kind === 'rejected') {
      this.tally.drop('rejected', events.length);
      this.reportRejection(outcome.status);
      return;
    }
    if (outcome.kind === 'aborted' || this.stopped) {
      this.tally.drop('shutdown', events.length);
      return;
    }

    this.failures += 1;
    const backoff = backoffDelay(
      this.failures,
      this.options.initialBackoffMs,
      this.options.maxBackoffMs,
    );
    const wait =
      outcome.retryAfterMs === undefined
        ? backoff
        : Math.min(outcome.retryAfterMs, this.options.maxRetryAfterMs);
    this.resumeAt = Math.max(this.resumeAt, Date.now() + wait);
    this.requeue(events);
    warnProblem(
      'ingest-retry',
      `posting ${events.length} events to TCELL_INPUT_URL failed (${outcome.cause}); ` +
        `retrying in ${wait} ms`,
    );
  }

  /** Puts a failed batch back at the head, in stream order, then applies the queue bound. */
  private requeue(events: QueuedEvent[]): void {
    const next = this.queue[0];
    this.queue = events.concat(this.queue);
    // With several requests in flight, an older batch can fail after a newer one was requeued.
    if (next !== undefined && events[events.length - 1].order > next.order) {
      this.queue.sort((left, right) => left.order - right.order);
    }
    this.dropOverflow();
  }

  private dropOverflow(): void {
    const excess = this.queue.length - this.options.maxQueueSize;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.tally.drop('queue_full', excess);
    warnProblem(
      'ingest-queue-full',
      `ingest queue full (${this.options.maxQueueSize} events); oldest events dropped`,
    );
    this.wakeWaiters();
  }

  private reportRejection(status: number): void {
    if (this.reportedStatuses.has(status)) return;
    this.reportedStatuses.add(status);
    logger.warn(
      `tcell-hooks ingest-rejected: TCELL_INPUT_URL answered HTTP ${status}; ` +
        'such batches are dropped, not retried',
    );
  }

  private abandon(): void {
    this.stopped = true;
    if (this.resumeTimer !== undefined) clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    this.tally.drop('shutdown', this.queue.length);
    this.queue = [];
    // Each aborted request settles as dropped when its fetch rejects.
    for (const flight of this.flights) flight.abort.abort();
    this.wakeWaiters();
  }

  /** The stream position of the oldest event not yet delivered or dropped. */
  private lowestUnsettled(): number {
    let lowest = this.queue[0]?.order ?? this.nextOrder;
    for (const flight of this.flights) lowest = Math.min(lowest, flight.events[0].order);
    return lowest;
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const lowest = this.lowestUnsettled();
    const waiting: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.order < lowest) waiter.done();
      else waiting.push(waiter);
    }
    this.waiters = waiting;
  }
}
