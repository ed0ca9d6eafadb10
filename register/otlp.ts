import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { logger } from '../src/diagnostics';

/**
 * The OTLP span exporter the standard `OTEL_*` variables ask for, or undefined. OTLP is wanted
 * when `OTEL_TRACES_EXPORTER` names `otlp`, or when an OTLP endpoint is set and
 * `OTEL_TRACES_EXPORTER` does not say `none`. Nothing is sent to a default endpoint unasked.
 */
export function otlpTraceExporterFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): SpanExporter | undefined {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const endpointSet =
    nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) || nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const wanted = exporters.includes('otlp') || (endpointSet && !exporters.includes('none'));
  if (!wanted) return undefined;

  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf'
  ).trim();
  if (protocol === 'http/json') return new OtlpJsonTraceExporter();
  if (protocol === 'http/protobuf') return new OtlpProtoTraceExporter();
  logger.warn(
    `tcell-hooks otlp-protocol: OTEL_EXPORTER_OTLP_PROTOCOL ${JSON.stringify(protocol)} is not ` +
      'supported by the preload; expected http/protobuf or http/json; OTLP export is off',
  );
  return undefined;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
