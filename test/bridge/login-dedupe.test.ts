import assert from 'node:assert';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { MemorySink } from './memory-sink';

/** A well-formed login id (32 lower-case hex characters) named by one letter. */
function hexId(letter: string): string {
  return letter.charCodeAt(0).toString(16).repeat(16);
}

/** A hand-written OTLP/JSON log request with one login log record per id. */
function logRequest(loginIds: string[]): string {
  const logRecords = loginIds.map((loginId) => ({
    timeUnixNano: '1733300000000000000',
    eventName: 'tcell.login',
    attributes: [
      { key: 'tcell.login.status', value: { stringValue: 'success' } },
      { key: 'user.id', value: { stringValue: `user-of-${loginId}` } },
      { key: 'tcell.login.id', value: { stringValue: hexId(loginId) } },
    ],
  }));
  return JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] });
}

describe('TcellBridge de-duplication by tcell.login.id', () => {
  it('should deliver once a login that arrives as a span event and as a log record', async () => {
    const sink = new MemorySink();
    const bridge = new TcellBridge({ sinks: [sink] });
    const { port } = await bridge.listen(0, '127.0.0.1');
    const traceUrl = `http://127.0.0.1:${port}/v1/traces`;
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: traceUrl }))],
    });
    const logExporter = new OTLPLogExporter({ url: `http://127.0.0.1:${port}/v1/logs` });
    const loggerProvider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    });
    const tracer = tracerProvider.getTracer('dedupe-test');
    const logger = loggerProvider.getLogger('dedupe-test');

    const logins: Attributes[] = [
      { 'tcell.login.status': 'success', 'user.id': 'ann', 'tcell.login.id': hexId('a') },
      { 'tcell.login.status': 'failure', 'user.id': 'ben', 'tcell.login.id': hexId('b') },
      { 'tcell.login.status': 'failure', 'user.id': 'cyd' },
    ];
    for (const attributes of logins) {
      const span = tracer.startSpan('POST /login');
      span.addEvent('tcell.login', attributes);
      const context = trace.setSpan(ROOT_CONTEXT, span);
      logger.emit({ eventName: 'tcell.login', attributes, context });
      span.end();
    }
    await tracerProvider.forceFlush();
    await loggerProvider.forceFlush();
    await bridge.forceFlush();

    const users = sink.records.map((record) => String(record.user_id)).sort();
    // cyd carries no login id: without one the bridge cannot tell the two copies apart.
    assert.deepStrictEqual(users, ['ann', 'ben', 'cyd', 'cyd']);
    await tracerProvider.shutdown();
    await loggerProvider.shutdown();
    await bridge.shutdown();
  });

  it('should forget the least recently seen id once its capacity is reached', async () => {
    const sink = new MemorySink();
    const bridge = new TcellBridge({ sinks: [sink], dedupeCapacity: 2 });
    const { port } = await bridge.listen(0, '127.0.0.1');
    const post = async (loginIds: string[]): Promise<void> => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: logRequest(loginIds),
      });
      assert.strictEqual(response.status, 200);
    };

    await post(['a', 'b', 'a']);
    await post(['c']);
    await post(['a', 'b', 'c']);

    // After c, the two remembered ids are b and c: a is delivered again, b and c are not.
    const delivered = sink.records.map((record) => record.user_id);
    assert.deepStrictEqual(delivered, ['user-of-a', 'user-of-b', 'user-of-c', 'user-of-a']);
    await bridge.shutdown();
  });
});
