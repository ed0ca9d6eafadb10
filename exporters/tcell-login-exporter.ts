import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { EVENT_TCELL_LOGIN } from '../src/attributes';
import { readConfig } from '../src/config';
import { logger } from '../src/diagnostics';
import { toTcellRecord } from './login-event-mapper';
import { JsonlFileSink } from './sinks/jsonl-file-sink';
import type { TcellEventSink } from './sinks/types';
import type { TcellEventRecord } from './tcell-event';

/** Options of the tCell login exporter. */
export interface TcellLoginExporterOptions {
  /** Where events go; by default one JSON Lines file sink at `TCELL_EVENTS_FILE`. */
  sinks?: TcellEventSink[];
}

/**
 * A SpanExporter that finds `tcell.login` events in exported spans, maps each to a tCell login
 * event and hands them to its sinks. Spans without login events are ignored, so it can sit
 * behind any span processor.
 */
export class TcellLoginExporter implements SpanExporter {
  private readonly sinks: TcellEventSink[];
  private stopped = false;

  constructor(options: TcellLoginExporterOptions = {}) {
    this.sinks = options.sinks ?? [new JsonlFileSink(readConfig().config.eventsFile)];
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }

    const records = toTcellEventRecords(spans);
    if (records.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    Promise.all(this.sinks.map((sink) => sink.write(records))).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => {
        logger.error(`tcell-hooks sink-failed: ${describeError(error)}`);
        resultCallback({ code: ExportResultCode.FAILED, error: asError(error) });
      },
    );
  }

  /** Maps and writes synchronously, for the last moments of a process; sinks that can't skip. */
  exportSync(spans: ReadableSpan[]): void {
    if (this.stopped) return;
    const records = toTcellEventRecords(spans);
    if (records.length === 0) return;
    for (const sink of this.sinks) {
      try {
        sink.writeSync?.(records);
      } catch (error) {
        logger.error(`tcell-hooks sink-failed: ${describeError(error)}`);
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.forceFlush()));
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.sinks.map((sink) => sink.shutdown()));
  }
}

/** Every login event of the spans, in span order then event order, as JSONL records. */
export function toTcellEventRecords(spans: readonly ReadableSpan[]): TcellEventRecord[] {
  const records: TcellEventRecord[] = [];
  for (const span of spans) {
    const { traceId, spanId } = span.spanContext();
    for (const spanEvent of span.events) {
      if (spanEvent.name !== EVENT_TCELL_LOGIN || spanEvent.attributes === undefined) continue;
      const record = toTcellRecord(spanEvent.attributes, { time: spanEvent.time, traceId, spanId });
      if (record !== undefined) records.push(record);
    }
  }
  return records;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** An error's class and code (`Error EISDIR`), never its message: it could quote a value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.name : `${error.name} ${code}`;
  }
  return typeof error;
}
