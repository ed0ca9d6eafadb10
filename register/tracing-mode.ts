import type { TcellConfig } from '../src/config';

/**
 * How the preload runs. `tracing`: the Node SDK with HTTP and Express tracing, each login a span
 * event and a log event. `logs-only`: no tracer at all, each login a log event only.
 */
export interface TracingMode {
  tracing: boolean;
  /** `OTEL_SDK_DISABLED=true`: no OpenTelemetry signal leaves the process and nothing global. */
  sdkDisabled: boolean;
  /** Which setting chose the mode, for the start-up diagnostic. */
  reason: string;
}

/**
 * Chooses the mode: `OTEL_SDK_DISABLED=true` always means no tracing; otherwise
 * `TCELL_TRACING` when set; otherwise no tracing when `OTEL_TRACES_EXPORTER` is `none`, since
 * spans nobody exports would cost the application throughput for nothing but span events.
 */
export function chooseTracingMode(
  config: Pick<TcellConfig, 'tracing'>,
  env: NodeJS.ProcessEnv,
): TracingMode {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return { tracing: false, sdkDisabled: true, reason: 'OTEL_SDK_DISABLED=true' };
  }
  if (config.tracing !== undefined) {
    return { tracing: config.tracing, sdkDisabled: false, reason: 'TCELL_TRACING' };
  }
  const tracesExporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  if (tracesExporters.length === 1 && tracesExporters[0] === 'none') {
    return { tracing: false, sdkDisabled: false, reason: 'OTEL_TRACES_EXPORTER=none' };
  }
  return { tracing: true, sdkDisabled: false, reason: 'default' };
}
