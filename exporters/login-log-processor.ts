import type { HrTime, SpanContext } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { EVENT_TCELL_LOGIN } from '../src/attributes';
import { logger, warnProblem } from '../src/diagnostics';
import { reportHookFailure } from '../src/hooks';
import { toTcellRecord } from './login-event-mapper';
import type { LoginEventAttributes } from './login-event-mapper';
import { describeError } from './tcell-login-exporter';
import type { DeliveryStats } from './sinks/delivery-stats';
import { DeliveryTally } from './sinks/delivery-stats';
import type { TcellEventSink } from './sinks/types';
import type { TcellEventRecord } from './tcell-event';

/** Options of the login log-record processor. */
export interface TcellLoginLogProcessorOptions {
  /** Where events go. */
  sinks: TcellEventSink[];
  /** Most events waiting to be handed to the sinks; more are dropped and counted. Default 8192. */
  maxQueueSize?: number;
  /** Most events handed over in one write. Default 512. */
  maxBatchSize?: number;
  /** Longest an event waits before it is handed over, in milliseconds. Default 200. */
  scheduledDelayMillis?: number;
  /**
   * Longest a deferred login (see `defer`) waits to be hashed and handed over, in
   * milliseconds. Default 20.
   */
  deferMillis?: number;
}

/**
 * A LogRecordProcessor that maps each `tcell.login` log-based event to a tCell event and hands
 * it to the sinks; other log records are ignored. The log path does not depend on trace
 * sampling, so in-process delivery runs from here alone: the span events of the same logins
 * are left to OTLP, and each login reaches a sink exactly once without a dedupe table.
 */
export class TcellLoginLogProcessor implements LogRecordProcessor {
  private readonly sinks: TcellEventSink[];
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  private readonly scheduledDelayMillis: number;
  private readonly deferMillis: number;
  private deferTimer: NodeJS.Timeout | undefined;
  private readonly tally = new DeliveryTally('processor');
  private queue: TcellEventRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private deferred: (() => void)[] = [];
  // Set by flushSync, which runs at process exit: deferring after it would lose the login.
  private flushedAtExit = false;
  private readonly runDeferredTasks = (): void => this.runDeferred();

  constructor(options: TcellLoginLogProcessorOptions) {
    this.sinks = options.sinks;
    this.maxQueueSize = options.maxQueueSize ?? 8192;
    this.maxBatchSize = options.maxBatchSize ?? 512;
    this.scheduledDelayMillis = options.scheduledDelayMillis ?? 200;
    this.deferMillis = options.deferMillis ?? 20;
  }

  enabled(options: { eventName?: string }): boolean {
    return !this.stopped && options.eventName === EVENT_TCELL_LOGIN;
  }

  onEmit(logRecord: ReadWriteLogRecord): void {
    if (logRecord.eventName !== EVENT_TCELL_LOGIN) return;
    this.deliver(logRecord.attributes, logRecord.hrTime, logRecord.spanContext);
  }

  /**
   * Takes one login's attributes straight from the recorder, without a log record: the preload
   * uses this so that a login costs no Logs SDK work unless OTLP log export is on.
   */
  deliver(attributes: LoginEventAttributes, time: HrTime, spanContext?: SpanContext): void {
    this.tally.accept(1);
    if (this.stopped) {
      this.tally.drop('shutdown', 1);
      return;
    }
    const record = toTcellRecord(attributes, {
      time,
      traceId: spanContext?.traceId,
      spanId: spanContext?.spanId,
    });
    if (record === undefined) {
      this.tally.drop('unmappable', 1);
      return;
    }
    if (this.queue.length >= this.maxQueueSize) {
      this.tally.drop('queue_full', 1);
      warnProblem('queue-full', `login event queue full (${this.maxQueueSize}); events dropped`);
      return;
    }

    this.queue.push(record);
    if (this.queue.length >= this.maxBatchSize) {
      void this.handOver();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.handOver(), this.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  /**
   * Runs `task` (the rest of one login: hashing, building the event, `deliver`) at most
   * `deferMillis` later, in one batch with the other tasks deferred meanwhile. Every flush runs
   * the waiting tasks first, the exit-time `flushSync` included. A batch that reaches the queue
   * size runs at once, so a loop of hook calls holds neither memory nor raw values for long.
   */
  defer(task: () => void): void {
    if (this.flushedAtExit) {
      // Reported from an exit handler that ran after ours: no later turn of the loop will come,
      // so the login is finished and written now, synchronously.
      this.deferred.push(task);
      this.flushSync();
      return;
    }
    this.deferred.push(task);
    if (this.deferred.length >= this.maxQueueSize) {
      this.runDeferred();
    } else if (this.deferTimer === undefined) {
      // A timer, not setImmediate: a batch of a few milliseconds' logins runs with the hashing,
      // mapping and detection code hot in the CPU caches, which measured 20-30 us of CPU less
      // per login than a batch per turn of the event loop (a handful of logins).
      this.deferTimer = setTimeout(this.runDeferredTasks, this.deferMillis);
      // Unref'd: the exit paths (beforeExit, signals, exit) run what is waiting.
      this.deferTimer.unref();
    }
  }

  /** Hands everything queued to the sinks and waits until the sinks delivered it. */
  async forceFlush(): Promise<void> {
    this.runDeferred();
    await this.handOver();
    await Promise.all(this.sinks.map((sink) => sink.forceFlush()));
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.runDeferred();
    this.stopped = true;
    await this.handOver();
    await Promise.all(this.sinks.map((sink) => sink.shutdown()));
  }

  /**
   * Writes what is queued synchronously; for a process `exit` handler, where nothing async runs.
   * Logins deferred after it are finished and written at once.
   */
  flushSync(): void {
    this.flushedAtExit = true;
    this.runDeferred();
    const records = this.takeQueued(this.queue.length);
    if (records.length === 0) return;
    this.tally.deliver(records.length);
    for (const sink of this.sinks) {
      if (sink.writeSync === undefined) continue;
      try {
        sink.writeSync(records);
      } catch (error) {
        logger.error(
          `tcell-hooks sink-failed: ${records.length} events at exit (${describeError(error)})`,
        );
      }
    }
  }

  /**
   * Events that reached this processor, and those it dropped before any sink saw them (no
   * status, queue full). `delivered` counts events handed to the sinks.
   */
  stats(): DeliveryStats {
    return this.tally.snapshot();
  }

  private handOver(): Promise<void> {
    this.writing = this.writing.then(async () => {
      for (let batch = this.takeQueued(this.maxBatchSize); batch.length > 0;) {
        await this.write(batch);
        batch = this.takeQueued(this.maxBatchSize);
      }
    });
    return this.writing;
  }

  private async write(records: TcellEventRecord[]): Promise<void> {
    this.tally.deliver(records.length);
    // Sinks must not be traced themselves (an HTTP sink would otherwise make spans).
    await context.with(suppressTracing(context.active()), () =>
      Promise.all(
        this.sinks.map((sink) =>
          sink.write(records).catch((error: unknown) => {
            warnProblem(
              'sink-failed',
              `a sink could not take ${records.length} events (${describeError(error)})`,
            );
          }),
        ),
      ),
    );
  }

  private runDeferred(): void {
    if (this.deferTimer !== undefined) {
      clearTimeout(this.deferTimer);
      this.deferTimer = undefined;
    }
    const tasks = this.deferred;
    if (tasks.length === 0) return;
    this.deferred = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        // Tasks run outside the hook call; a failure here must not become an uncaught error.
        reportHookFailure(error);
      }
    }
  }

  private takeQueued(count: number): TcellEventRecord[] {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.queue.splice(0, count);
  }
}
