import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { TcellLoginExporter } from '../../exporters/tcell-login-exporter';
import { JsonlFileSink } from '../../exporters/sinks/jsonl-file-sink';
import { LoginRecorder } from '../../src/recorder';
import type { HttpRequestLike, LoginEventOptions } from '../../src/types';
import { readJsonLines, tempFolder } from '../helpers/app-process';
import { MemorySink, withoutServiceName } from './memory-sink';

const SERVICE_NAME = 'shop-api';
const SESSION_KEY = 'session-key-for-tests';
const APP_ID = 'app-under-test';
const PASSWORD_KEY = 'password-key-for-tests';
const GZIP = 'gzip' as NonNullable<
  ConstructorParameters<typeof JsonTraceExporter>[0]
>['compression'];

interface Login {
  options: LoginEventOptions;
  request: HttpRequestLike;
}

const LOGINS: Login[] = [
  {
    options: {
      status: 'success',
      userId: 'alice@example.com',
      sessionId: 'raw-session-1',
      userValid: true,
      password: 'correct horse',
    },
    request: {
      rawHeaders: ['Host', 'shop', 'User-Agent', 'UA/1.0', 'Referer', 'https://r.example/a?b=c'],
      url: '/login?next=/home&lang=en',
      socket: { remoteAddress: '::ffff:10.1.2.3' },
    },
  },
  {
    options: { status: 'failure', userId: 'bob', userValid: false, password: 'guess' },
    request: {
      rawHeaders: ['Accept', '*/*', 'Host', 'shop', 'X-Forwarded-For', '198.51.100.7'],
      url: '/session',
      socket: { remoteAddress: '192.0.2.10' },
    },
  },
  {
    options: { status: 'failure', userId: 4217 },
    request: { rawHeaders: [], url: '/login', socket: { remoteAddress: '2001:db8::1' } },
  },
  {
    options: {
      status: 'success',
      userId: 'carol',
      sessionId: 'raw-session-2',
      headerKeys: ['host', 'content-type', 'cookie'],
      documentUri: '/api/login?token=secret',
      remoteAddress: '203.0.113.9',
      userAgent: 'curl/8.5.0',
    },
    request: { rawHeaders: ['Host', 'ignored'], url: '/other' },
  },
];

/**
 * Records in event-id order: a simple processor exports each span or log record in a request of
 * its own, and concurrent requests may reach the bridge in any order.
 */
function byEventId<T extends Record<string, unknown>>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => String(a.event_id).localeCompare(String(b.event_id)));
}

function hmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

/** One OTLP exporter variant pointed at its own bridge. */
interface Variant {
  name: string;
  signal: 'traces' | 'logs';
  makeExporter(url: string): SpanExporter | LogRecordExporter;
}

const VARIANTS: Variant[] = [
  {
    name: 'traces http/json',
    signal: 'traces',
    makeExporter: (url) => new JsonTraceExporter({ url }),
  },
  {
    name: 'traces http/json gzip',
    signal: 'traces',
    makeExporter: (url) => new JsonTraceExporter({ url, compression: GZIP }),
  },
  {
    name: 'traces http/protobuf',
    signal: 'traces',
    makeExporter: (url) => new ProtoTraceExporter({ url }),
  },
  {
    name: 'traces http/protobuf gzip',
    signal: 'traces',
    makeExporter: (url) => new ProtoTraceExporter({ url, compression: GZIP }),
  },
  { name: 'logs http/json', signal: 'logs', makeExporter: (url) => new JsonLogExporter({ url }) },
  {
    name: 'logs http/protobuf',
    signal: 'logs',
    makeExporter: (url) => new ProtoLogExporter({ url }),
  },
  {
    name: 'logs http/protobuf gzip',
    signal: 'logs',
    makeExporter: (url) => new ProtoLogExporter({ url, compression: GZIP }),
  },
];

describe('TcellBridge with the OpenTelemetry OTLP exporters', () => {
  const inProcessSink = new MemorySink();
  const bridges: { variant: Variant; bridge: TcellBridge; sink: MemorySink }[] = [];
  const folder = tempFolder('tcell-bridge-');
  const fileSinkPath = join(folder, 'bridge-events.jsonl');
  let fileBridge: TcellBridge;
  let tracerProvider: TracerProvider;
  let loggerProvider: LoggerProvider;

  before(async () => {
    const spanProcessors = [
      new SimpleSpanProcessor(new TcellLoginExporter({ sinks: [inProcessSink] })),
    ];
    const logProcessors: SimpleLogRecordProcessor[] = [];
    for (const variant of VARIANTS) {
      const sink = new MemorySink();
      const bridge = new TcellBridge({ sinks: [sink] });
      const { port } = await bridge.listen(0, '127.0.0.1');
      const exporter = variant.makeExporter(`http://127.0.0.1:${port}/v1/${variant.signal}`);
      if (variant.signal === 'traces') {
        spanProcessors.push(new SimpleSpanProcessor(exporter as SpanExporter));
      } else {
        logProcessors.push(
          new SimpleLogRecordProcessor({ exporter: exporter as LogRecordExporter }),
        );
      }
      bridges.push({ variant, bridge, sink });
    }
    fileBridge = new TcellBridge({ sinks: [new JsonlFileSink(fileSinkPath)] });
    const { port } = await fileBridge.listen(0, '127.0.0.1');
    const fileUrl = `http://127.0.0.1:${port}/v1/traces`;
    spanProcessors.push(new SimpleSpanProcessor(new ProtoTraceExporter({ url: fileUrl })));

    const resource = resourceFromAttributes({ 'service.name': SERVICE_NAME });
    // The plain provider of @opentelemetry/sdk-trace, present in the 2.x and 3.x lines alike.
    tracerProvider = new TracerProvider({ resource, spanProcessors });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    loggerProvider = new LoggerProvider({ resource, processors: logProcessors });

    recordLogins();
    await tracerProvider.forceFlush();
    await loggerProvider.forceFlush();
    for (const { bridge } of bridges) await bridge.forceFlush();
    await fileBridge.forceFlush();
  });

  after(async () => {
    await tracerProvider.shutdown();
    await loggerProvider.shutdown();
    trace.disable();
    context.disable();
    for (const { bridge } of bridges) await bridge.shutdown();
    await fileBridge.shutdown();
  });

  function recordLogins(): void {
    const recorder = new LoginRecorder({
      sessionKey: SESSION_KEY,
      appId: APP_ID,
      passwordHmacKey: PASSWORD_KEY,
      hipaaSafeMode: false,
      currentRequest: () => undefined,
    });
    const tracer = tracerProvider.getTracer('bridge-test');
    const logger = loggerProvider.getLogger('bridge-test');
    for (const login of LOGINS) {
      tracer.startActiveSpan('POST /login', (span: Span) => {
        recorder.record(login.options, login.request);
        // The same login as a log-based event: the attributes and time of the span event.
        const spanEvent = (span as unknown as ReadableSpan).events.at(-1);
        assert.ok(spanEvent !== undefined, 'the recorder added a span event');
        logger.emit({
          eventName: 'tcell.login',
          attributes: spanEvent.attributes,
          timestamp: spanEvent.time,
          context: context.active(),
        });
        span.end();
      });
    }
  }

  it('should record every login in process, with independently computed hashes', () => {
    const records = inProcessSink.records;
    assert.strictEqual(records.length, LOGINS.length);
    assert.deepStrictEqual(
      records.map((record) => record.event_name),
      ['login-success', 'login-failure', 'login-failure', 'login-success'],
    );
    assert.strictEqual(records[0].session, hmacHex(SESSION_KEY, 'raw-session-1', 32));
    assert.strictEqual(
      records[0].password_id,
      hmacHex(PASSWORD_KEY, `${APP_ID}:correct horse:alice@example.com`, 8),
    );
    assert.strictEqual(records[1].password_id, hmacHex(PASSWORD_KEY, `${APP_ID}:guess:bob`, 8));
    assert.deepStrictEqual(records[0].header_keys, ['HOST', 'USER_AGENT', 'REFERER']);
    assert.strictEqual(records[1].user_valid, false);
    assert.strictEqual(records[2].user_id, '4217');
    assert.strictEqual(records[3].session, hmacHex(SESSION_KEY, 'raw-session-2', 32));
    for (const record of records) {
      assert.match(String(record.trace_id), /^[0-9a-f]{32}$/);
      assert.match(String(record.span_id), /^[0-9a-f]{16}$/);
    }
  });

  for (const variant of VARIANTS) {
    it(`should deliver the same tCell events over ${variant.name}`, () => {
      const { sink } = bridges.find((entry) => entry.variant === variant)!;
      assert.strictEqual(sink.records.length, LOGINS.length);
      assert.deepStrictEqual(
        byEventId(withoutServiceName(sink.records)),
        byEventId(inProcessSink.records),
      );
      for (const record of sink.records) assert.strictEqual(record.service_name, SERVICE_NAME);
    });
  }

  it('should write the same events through the JSON Lines file sink', () => {
    const lines = readJsonLines(fileSinkPath);
    assert.deepStrictEqual(byEventId(withoutServiceName(lines)), byEventId(inProcessSink.records));
    assert.deepStrictEqual(
      lines.map((line) => line.service_name),
      LOGINS.map(() => SERVICE_NAME),
    );
  });
});
