/**
 * Peer preload: Datadog's dd-trace with its default HTTP and Express plugins. The bench points
 * `DD_TRACE_AGENT_URL` at a discarding loopback server it started, and turns off telemetry,
 * remote configuration, runtime metrics and start-up logs, so nothing leaves the machine.
 */
import { createRequire } from 'node:module';

interface DatadogTracer {
  init(options: Record<string, unknown>): void;
}

const tracer = createRequire(__filename)('dd-trace') as DatadogTracer;
tracer.init({ startupLogs: false, runtimeMetrics: false, plugins: true });
