import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carried it, reduced to what the tests check. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client. */
  kind: number;
  eventNames: string[];
}

/** A loopback OTLP/HTTP JSON trace receiver started by a test. */
export interface OtlpCollector {
  /** The URL to give as OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  tracesUrl: string;
  spans(): CollectedSpan[];
  close(): Promise<void>;
}

interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  events?: { name: string }[];
}

interface OtlpJsonRequest {
  resourceSpans?: { scopeSpans?: { spans?: OtlpJsonSpan[] }[] }[];
}

/** Starts a receiver on 127.0.0.1, port 0, that keeps every span posted to `/v1/traces`. */
export function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJsonRequest;
      for (const resource of body.resourceSpans ?? []) {
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
              name: span.name,
              kind: span.kind,
              eventNames: (span.events ?? []).map((event) => event.name),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        tracesUrl: `http://127.0.0.1:${port}/v1/traces`,
        spans: () => [...spans],
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}
