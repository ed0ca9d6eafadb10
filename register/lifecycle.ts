import type { Attributes, SpanContext } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { TcellLoginLogProcessor } from '../exporters/login-log-processor';
import { describeDeliveryStats } from '../exporters/sinks/delivery-stats';
import type { DeliveryStats } from '../exporters/sinks/delivery-stats';
import type { TcellEventSink } from '../exporters/sinks/types';
import { logger } from '../src/diagnostics';

/** Longest the preload waits for events to be written when the process is stopping. */
export const SHUTDOWN_DEADLINE_MS = 5000;

/**
 * Flushes on SIGTERM, SIGINT and normal exit. A signal handler replaces Node's default exit, so
 * when no other handler exists the signal is raised again after the final flush. An
 * application with its own handler keeps control of when it exits, and may go on serving while
 * it drains: then the signal only flushes what is pending, and the final flush waits for the
 * process to end (`beforeExit`, or the synchronous `exit` flush).
 */
export function installExitHandlers(
  shutdown: () => Promise<void>,
  flushSync: () => void,
  flushPending: () => Promise<void>,
): void {
  process.once('beforeExit', () => void shutdown());
  process.once('exit', flushSync);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) {
        void flushPending();
        return;
      }
      void shutdown().finally(() => {
        process.removeListener(signal, onSignal);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
}

/** Logs, at info level, what each stage did with the login events, once at shutdown. */
export function reportDeliveryStats(
  processor: { stats(): DeliveryStats },
  sinks: readonly TcellEventSink[],
): void {
  for (const stats of [processor.stats(), ...sinks.map((sink) => sink.stats?.())]) {
    if (stats === undefined) continue;
    logger.info(`tcell-hooks delivery-stats: ${describeDeliveryStats(stats)}`);
  }
}

/** Settles with `work`, or fails once `milliseconds` have passed without it settling. */
export function withDeadline(work: Promise<void>, milliseconds: number): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('deadline passed')), milliseconds);
    timer.unref();
    work.then(done, fail).finally(() => clearTimeout(timer));
  });
}

/** What the preload stops and flushes besides its login processor. */
export interface OpenTelemetryPart {
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

/**
 * The preload's shutdown: stops the OpenTelemetry part it started and the login processor
 * within the deadline, then reports the delivery counts; installed on signals and exit. Safe to
 * call more than once.
 */
export function preloadShutdown(
  telemetry: OpenTelemetryPart,
  loginProcessor: TcellLoginLogProcessor,
  sinks: readonly TcellEventSink[],
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= withDeadline(
      Promise.all([telemetry.shutdown(), loginProcessor.shutdown()]).then(() => undefined),
      SHUTDOWN_DEADLINE_MS,
    )
      .catch((error: unknown) => {
        logger.error(
          `tcell-hooks shutdown-failed: ${error instanceof Error ? error.name : 'error'}`,
        );
      })
      .finally(() => reportDeliveryStats(loginProcessor, sinks));
    return stopping;
  };
  installExitHandlers(
    shutdown,
    () => loginProcessor.flushSync(),
    () => Promise.all([telemetry.forceFlush(), loginProcessor.forceFlush()]).then(() => undefined),
  );
  return shutdown;
}

/** The recorder's direct hand-over to the preload's login processor. */
export function deliverTo(
  processor: TcellLoginLogProcessor,
): (attributes: Attributes, time: number, spanContext?: SpanContext) => void {
  return (attributes, time, spanContext) =>
    processor.deliver(attributes, millisToHrTime(time), spanContext);
}
