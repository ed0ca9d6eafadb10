import assert from 'node:assert';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { MemorySink } from './memory-sink';

/** The exporters report a partial success only through a diag warning with this prefix. */
const PARTIAL_SUCCESS_WARNING = 'Received Partial Success response:';

const GOOD_LOGIN = { 'tcell.login.status': 'success', 'user.id': 'dee' };
const BAD_LOGIN = { 'tcell.login.status': 'locked-out', 'user.id': 'eve' };

function capturingLogger(warnings: unknown[][]): DiagLogger {
  const ignore = (): void => undefined;
  return {
    error: ignore,
    info: ignore,
    debug: ignore,
    verbose: ignore,
    warn: (...args: unknown[]) => warnings.push(args),
  };
}

async function sendTraces(exporter: SpanExporter): Promise<void> {
  // A batch processor, so that every span of the case travels in one request.
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 })],
  });
  const tracer = provider.getTracer('partial-success-test');
  const mixed = tracer.startSpan('POST /login');
  mixed.addEvent('tcell.login', GOOD_LOGIN);
  mixed.addEvent('tcell.login', BAD_LOGIN);
  mixed.end();
  const bad = tracer.startSpan('POST /login');
  bad.addEvent('tcell.login', BAD_LOGIN);
  bad.addEvent('tcell.login', { 'user.id': 'no status at all' });
  bad.end();
  const unrelated = tracer.startSpan('GET /');
  unrelated.addEvent('cache.miss', { 'tcell.login.status': 'bogus' });
  unrelated.end();
  await provider.shutdown();
}

async function sendLogs(exporter: LogRecordExporter): Promise<void> {
  const provider = new LoggerProvider({
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 })],
  });
  const logger = provider.getLogger('partial-success-test');
  logger.emit({ eventName: 'tcell.login', attributes: GOOD_LOGIN });
  logger.emit({ eventName: 'tcell.login', attributes: BAD_LOGIN });
  logger.emit({ eventName: 'tcell.login', attributes: { 'tcell.login.status': 7 } });
  logger.emit({ eventName: 'app.other', attributes: BAD_LOGIN });
  logger.emit({ body: 'plain log line', attributes: BAD_LOGIN });
  await provider.shutdown();
}

interface PartialSuccessCase {
  name: string;
  send(url: string): Promise<void>;
  signal: 'traces' | 'logs';
  rejectedField: string;
}

const CASES: PartialSuccessCase[] = [
  {
    name: 'traces http/json',
    signal: 'traces',
    rejectedField: 'rejectedSpans',
    send: (url) => sendTraces(new JsonTraceExporter({ url })),
  },
  {
    name: 'traces http/protobuf',
    signal: 'traces',
    rejectedField: 'rejectedSpans',
    send: (url) => sendTraces(new ProtoTraceExporter({ url })),
  },
  {
    name: 'logs http/json',
    signal: 'logs',
    rejectedField: 'rejectedLogRecords',
    send: (url) => sendLogs(new JsonLogExporter({ url })),
  },
  {
    name: 'logs http/protobuf',
    signal: 'logs',
    rejectedField: 'rejectedLogRecords',
    send: (url) => sendLogs(new ProtoLogExporter({ url })),
  },
];

describe('TcellBridge partial success', () => {
  const warnings: unknown[][] = [];
  const sink = new MemorySink();
  const bridge = new TcellBridge({ sinks: [sink] });
  let baseUrl: string;

  before(async () => {
    const { port } = await bridge.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
    diag.setLogger(capturingLogger(warnings), DiagLogLevel.WARN);
  });

  after(async () => {
    diag.disable();
    await bridge.shutdown();
  });

  beforeEach(() => {
    warnings.length = 0;
    sink.records.length = 0;
  });

  for (const testCase of CASES) {
    it(`should report 2 rejected items to the ${testCase.name} exporter`, async () => {
      await testCase.send(`${baseUrl}/v1/${testCase.signal}`);

      const reports = warnings.filter((args) => args[0] === PARTIAL_SUCCESS_WARNING);
      assert.strictEqual(reports.length, 1, JSON.stringify(warnings));
      const partialSuccess = JSON.parse(String(reports[0][1]));
      assert.strictEqual(Number(partialSuccess[testCase.rejectedField]), 2);
      assert.match(partialSuccess.errorMessage, /without a valid tcell\.login\.status/);
      assert.deepStrictEqual(
        sink.records.map((record) => [record.event_name, record.user_id]),
        [['login-success', 'dee']],
      );
    });
  }
});
