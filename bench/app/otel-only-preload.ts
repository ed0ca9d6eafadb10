/**
 * Baseline preload: the OpenTelemetry Node SDK with only the HTTP and Express instrumentations,
 * as an application without tcell-hooks would run it. Spans are recorded and handed to a
 * processor that drops them, so the baseline pays for tracing but for no exporter at all:
 * everything tcell-hooks adds (its instrumentation and its span processor) counts against it.
 */
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

const sdk = new NodeSDK({
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
  spanProcessors: [new tracing.NoopSpanProcessor()],
  logRecordProcessors: [],
  metricReaders: [],
});
sdk.start();
