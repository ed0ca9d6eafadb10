import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { EVENT_TCELL_LOGIN } from '../src/attributes';
import { logger, warnProblem } from '../src/diagnostics';
import type { TcellLoginExporter } from './tcell-login-exporter';

/** Options of the login span processor. */
export interface TcellLoginSpanProcessorOptions {
  /** Most spans waiting for export; more are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Most spans in one export. Default 512. */
  maxExportBatchSize?: number;
  /** Longest a span waits before export, in milliseconds. Default 1000. */
  scheduledDelayMillis?: number;
}

/**
 * A batching span processor that passes on only spans carrying a `tcell.login` event, so the
 * exporter never sees ordinary requests. Unlike the SDK's batch processor it can also flush
 * synchronously while the process exits, so a `process.exit()` does not lose queued logins.
 */
export class TcellLoginSpanProcessor implements SpanProcessor {
  private readonly maxQueueSize: number;
  private readonly maxExportBatchSize: number;
  private readonly scheduledDelayMillis: number;
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Spans dropped because the queue was full. */
  droppedSpans = 0;

  constructor(
    private readonly exporter: TcellLoginExporter,
    options: TcellLoginSpanProcessorOptions = {},
  ) {
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    this.maxExportBatchSize = options.maxExportBatchSize ?? 512;
    this.scheduledDelayMillis = options.scheduledDelayMillis ?? 1000;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || !carriesLoginEvent(span)) return;
    if (this.queue.length >= this.maxQueueSize) {
      this.droppedSpans += 1;
      warnProblem('queue-full', `login export queue full (${this.maxQueueSize}); events dropped`);
      return;
    }

    this.queue.push(span);
    if (this.queue.length >= this.maxExportBatchSize) {
      void this.exportQueued();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.exportQueued(), this.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  /** Exports everything queued and waits for exports in flight. */
  forceFlush(): Promise<void> {
    return this.exportQueued();
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.exportQueued();
    this.stopped = true;
    await this.exporter.shutdown();
  }

  /** Writes what is queued synchronously; for a process `exit` handler, where nothing async runs. */
  flushSync(): void {
    const spans = this.takeQueued();
    if (spans.length > 0) this.exporter.exportSync(spans);
  }

  private exportQueued(): Promise<void> {
    this.exporting = this.exporting.then(async () => {
      for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
        await this.exportBatch(batch);
      }
    });
    return this.exporting;
  }

  private exportBatch(spans: ReadableSpan[]): Promise<void> {
    return new Promise((done) => {
      // Exports must not be traced themselves (a file or HTTP sink would otherwise make spans).
      context.with(suppressTracing(context.active()), () => {
        try {
          this.exporter.export(spans, (result) => {
            if (result.code !== ExportResultCode.SUCCESS) {
              logger.warn(`tcell-hooks export-failed: ${spans.length} spans with login events`);
            }
            done();
          });
        } catch {
          logger.warn(`tcell-hooks export-failed: ${spans.length} spans with login events`);
          done();
        }
      });
    });
  }

  private takeBatch(): ReadableSpan[] {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.queue.splice(0, this.maxExportBatchSize);
  }

  private takeQueued(): ReadableSpan[] {
    const spans = this.queue;
    this.queue = [];
    return spans;
  }
}

function carriesLoginEvent(span: ReadableSpan): boolean {
  for (const spanEvent of span.events) {
    if (spanEvent.name === EVENT_TCELL_LOGIN) return true;
  }
  return false;
}
