import { OTLPLogExporter as OtlpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
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
  const protocol = wantedProtocol('TRACES', env);
  if (protocol === 'http/json') return new OtlpJsonTraceExporter();
  if (protocol === 'http/protobuf') return new OtlpProtoTraceExporter();
  return undefined;
}

/**
 * The OTLP log exporter the standard `OTEL_*` variables ask for, or undefined, by the same
 * rule with `OTEL_LOGS_EXPORTER` and `OTEL_EXPORTER_OTLP_LOGS_*`.
 */
export function otlpLogExporterFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): LogRecordExporter | undefined {
  const protocol = wantedProtocol('LOGS', env);
  if (protocol === 'http/json') return new OtlpJsonLogExporter();
  if (protocol === 'http/protobuf') return new OtlpProtoLogExporter();
  return undefined;
}

function wantedProtocol(
  signal: 'TRACES' | 'LOGS',
  env: NodeJS.ProcessEnv,
): 'http/json' | 'http/protobuf' | undefined {
  const exporters = (env[`OTEL_${signal}_EXPORTER`] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const endpointSet =
    nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) ||
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`]);
  const wanted = exporters.includes('otlp') || (endpointSet && !exporters.includes('none'));
  if (!wanted) return undefined;

  const protocol = (
    env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf'
  ).trim();
  if (protocol === 'http/json' || protocol === 'http/protobuf') return protocol;
  logger.warn(
    `tcell-hooks otlp-protocol: OTLP protocol ${JSON.stringify(protocol)} for ` +
      `${signal.toLowerCase()} is not supported by the preload; expected http/protobuf or ` +
      'http/json; OTLP export is off',
  );
  return undefined;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
