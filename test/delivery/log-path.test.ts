import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { context, metrics, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { TcellLoginLogProcessor } from '../../exporters/login-log-processor';
import { IngestSink } from '../../exporters/sinks/ingest-sink';
import { JsonlFileSink } from '../../exporters/sinks/jsonl-file-sink';
import type { TcellEventSink } from '../../exporters/sinks/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { TcellLoginInstrumentation } from '../../instrumentation/tcell-instrumentation';
import { sendLoginEvent } from '../../src/hooks';
import { readJsonLines, tempFolder } from '../helpers/app-process';
import { IngestTestServer } from './ingest-test-server';

const HMAC_KEY = 'log-path-test-key';

/** A sink that keeps what it is given, to see exactly what the processor hands over. */
class KeepingSink implements TcellEventSink {
  readonly records: TcellEventRecord[] = [];
  write(records: readonly TcellEventRecord[]): Promise<void> {
    this.records.push(...records);
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Pulls metrics on demand. */
class PullReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Pipeline {
  tracer: Tracer;
  spans: InMemorySpanExporter;
  logRecords: InMemoryLogRecordExporter;
  processor: TcellLoginLogProcessor;
  loggerProvider: LoggerProvider;
  instrumentation: TcellLoginInstrumentation;
}

function startPipeline(sampler: Sampler, sinks: TcellEventSink[]): Pipeline {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    sampler,
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const logRecords = new InMemoryLogRecordExporter();
  const processor = new TcellLoginLogProcessor({ sinks });
  const loggerProvider = new LoggerProvider({
    processors: [processor, new SimpleLogRecordProcessor({ exporter: logRecords })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  const instrumentation = new TcellLoginInstrumentation({ hmacKey: HMAC_KEY });
  instrumentation.setLoggerProvider(loggerProvider);
  return {
    tracer: tracerProvider.getTracer('test'),
    spans,
    logRecords,
    processor,
    loggerProvider,
    instrumentation,
  };
}

/** Runs `work` inside an active server-like span and ends the span. */
function inSpan(tracer: Tracer, work: () => void): string[] {
  return tracer.startActiveSpan('POST /login', (span) => {
    work();
    span.end();
    return [span.spanContext().traceId, span.spanContext().spanId];
  });
}

function sessionHmac(sessionId: string): string {
  return createHmac('sha256', HMAC_KEY).update(sessionId).digest('hex').slice(0, 32);
}

describe('TcellLoginLogProcessor', () => {
  let pipeline: Pipeline | undefined;

  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });

  after(() => {
    context.disable();
  });

  afterEach(async () => {
    pipeline?.instrumentation.disable();
    await pipeline?.loggerProvider.shutdown();
    pipeline = undefined;
    trace.disable();
    logs.disable();
    metrics.disable();
  });

  it('should deliver a login whose span was not sampled, once, correlated with the span', async () => {
    const sink = new KeepingSink();
    pipeline = startPipeline(new TraceIdRatioBasedSampler(0), [sink]);
    const [traceId, spanId] = inSpan(pipeline.tracer, () =>
      sendLoginEvent({ status: 'failure', userId: 'mallory', sessionId: 'raw-session-1' }),
    );
    await pipeline.processor.forceFlush();

    assert.strictEqual(pipeline.spans.getFinishedSpans().length, 0);
    assert.strictEqual(sink.records.length, 1);
    const [record] = sink.records;
    assert.strictEqual(record.event_name, 'login-failure');
    assert.strictEqual(record.user_id, 'mallory');
    assert.strictEqual(record.session, sessionHmac('raw-session-1'));
    assert.strictEqual(record.trace_id, traceId);
    assert.strictEqual(record.span_id, spanId);
    assert.match(record.event_id ?? '', /^[0-9a-f]{32}$/);

    const [logRecord] = pipeline.logRecords.getFinishedLogRecords();
    assert.strictEqual(logRecord.eventName, 'tcell.login');
    assert.strictEqual(logRecord.attributes['tcell.login.id'], record.event_id);
    assert.ok(!JSON.stringify(logRecord.attributes).includes('raw-session-1'));
  });

  it('should carry the same login id on the span event and the log event, and deliver once', async () => {
    const sink = new KeepingSink();
    pipeline = startPipeline(new AlwaysOnSampler(), [sink]);
    inSpan(pipeline.tracer, () => {
      sendLoginEvent({ status: 'success', userId: 'alice', sessionId: 's-2', password: 'pw' });
    });
    await pipeline.processor.forceFlush();

    const [span] = pipeline.spans.getFinishedSpans();
    const spanEvents = span.events.filter((event) => event.name === 'tcell.login');
    assert.strictEqual(spanEvents.length, 1);
    const loginId = spanEvents[0].attributes?.['tcell.login.id'];
    assert.strictEqual(sink.records.length, 1);
    assert.strictEqual(sink.records[0].event_id, loginId);
    assert.strictEqual(
      pipeline.logRecords.getFinishedLogRecords()[0].attributes['tcell.login.id'],
      loginId,
    );
    const everything = JSON.stringify([span.events, sink.records]);
    assert.ok(!everything.includes('s-2"') && !everything.includes('"pw"'));
  });

  it('should read nothing of the login when no SDK is registered', () => {
    const instrumentation = new TcellLoginInstrumentation({ hmacKey: HMAC_KEY });
    let fieldsRead = 0;
    const options = {
      status: 'failure' as const,
      get sessionId(): string {
        fieldsRead += 1;
        return 'never-hashed';
      },
      get userId(): string {
        fieldsRead += 1;
        return 'nobody';
      },
    };
    try {
      sendLoginEvent(options);
    } finally {
      instrumentation.disable();
    }

    assert.strictEqual(fieldsRead, 0);
  });

  it('should write queued events to the file synchronously at exit', () => {
    const file = join(tempFolder(), 'exit.jsonl');
    pipeline = startPipeline(new AlwaysOnSampler(), [new JsonlFileSink(file)]);
    inSpan(pipeline.tracer, () => sendLoginEvent({ status: 'success', userId: 'exiting' }));
    pipeline.processor.flushSync();

    assert.deepStrictEqual(
      readJsonLines(file).map((record) => record.user_id),
      ['exiting'],
    );
  });

  it('should count recorded, delivered and dropped events as metrics that add up', async () => {
    const reader = new PullReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const server = await IngestTestServer.start();
    // The first batch is refused for good, the rest accepted.
    server.reply = (index) => ({ status: index === 0 ? 400 : 200 });
    const file = join(tempFolder(), 'events.jsonl');
    const jsonl = new JsonlFileSink(file);
    const ingest = new IngestSink({ url: server.url, initialBackoffMs: 10 });
    pipeline = startPipeline(new AlwaysOnSampler(), [jsonl, ingest]);

    try {
      inSpan(pipeline.tracer, () => sendLoginEvent({ status: 'failure', userId: 'u0' }));
      await pipeline.processor.forceFlush();
      for (let index = 1; index <= 4; index += 1) {
        inSpan(pipeline.tracer, () => sendLoginEvent({ status: 'failure', userId: `u${index}` }));
      }
      await pipeline.processor.forceFlush();
    } finally {
      await server.stop();
    }

    const sums = await collectSums(reader);
    assert.strictEqual(sums['tcell.login.events.recorded'], 5);
    assert.strictEqual(sums['tcell.login.events.delivered|jsonl'], 5);
    assert.strictEqual(sums['tcell.login.events.delivered|ingest'], 4);
    assert.strictEqual(sums['tcell.login.events.dropped|ingest|rejected'], 1);
    assert.strictEqual(readJsonLines(file).length, 5);
    assert.strictEqual(server.acceptedEvents().length, 4);
    for (const stats of [jsonl.stats(), ingest.stats(), pipeline.processor.stats()]) {
      const dropped = Object.values(stats.dropped).reduce((sum, count) => sum + count, 0);
      assert.strictEqual(stats.accepted, 5);
      assert.strictEqual(stats.delivered + dropped, 5);
      assert.strictEqual(sums[`tcell.login.events.delivered|${stats.sink}`] ?? 0, stats.delivered);
    }
  });
});

/** Sums of each counter, keyed `name|sink|reason` (empty parts left out). */
async function collectSums(reader: MetricReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const sums: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const parts = [
          metric.descriptor.name,
          point.attributes['tcell.sink'],
          point.attributes['tcell.drop.reason'],
        ].filter((part) => part !== undefined);
        const key = parts.join('|');
        sums[key] = (sums[key] ?? 0) + (point.value as number);
      }
    }
  }
  return sums;
}
