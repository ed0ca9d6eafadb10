import * as api from '@opentelemetry/api';
import { logs as apiLogs } from '@opentelemetry/api-logs';

// The global Logs API: in @opentelemetry/api from the 3.x line (API 1.10), api-logs before.
const logs = (api as { logs?: typeof apiLogs }).logs ?? apiLogs;
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
} from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { TcellLoginLogProcessor } from '../exporters/login-log-processor';
import type { TcellEventSink } from '../exporters/sinks/types';
import { PassportLoginInstrumentation } from '../instrumentation/passport-instrumentation';
import { TcellLoginInstrumentation } from '../instrumentation/tcell-instrumentation';
import type { TcellConfig } from '../src/config';
import { logger } from '../src/diagnostics';
import { deliverTo, preloadShutdown } from './lifecycle';
import { otlpLogExporterFromEnv } from './otlp';
import type { TcellHooksHandle } from './start';
import type { TracingMode } from './tracing-mode';

/** What the logs-only start needs from the preload. */
export interface LogsOnlyOptions {
  config: Pick<TcellConfig, 'passportLoginEvents'>;
  env: NodeJS.ProcessEnv;
  sinks: TcellEventSink[];
  eventsFile: string;
  mode: TracingMode;
}

/**
 * Starts tcell-hooks without any tracing: no tracer provider, no HTTP or Express
 * instrumentation, no context manager. Each login is a `tcell.login` log event only, handed to
 * the sinks by our log processor and exported over OTLP when the standard variables ask.
 * Request context for the fill-in comes from the diagnostics channel alone (request-context.ts).
 */
export function startLogsOnly(options: LogsOnlyOptions): TcellHooksHandle {
  const { config, env, sinks, eventsFile, mode } = options;
  // Our processor takes logins straight from the recorder (deliverLogin); the LoggerProvider
  // only exports, when OTLP log export is asked for.
  const loginProcessor = new TcellLoginLogProcessor({ sinks });
  const processors: LogRecordProcessor[] = [];
  // A disabled SDK sends no OpenTelemetry signal anywhere; the tCell sinks are ours, not OTLP.
  const otlpLogExporter = mode.sdkDisabled ? undefined : otlpLogExporterFromEnv(env);
  if (otlpLogExporter !== undefined) {
    processors.push(new BatchLogRecordProcessor({ exporter: otlpLogExporter }));
  }
  const loggerProvider = new LoggerProvider({
    resource: mode.sdkDisabled
      ? undefined
      : defaultResource().merge(
          detectResources({
            detectors: [envDetector, processDetector, hostDetector, osDetector],
          }),
        ),
    processors,
  });
  // Global, as the Node SDK would register it, so the application's own log events reach OTLP
  // too; unless the SDK is disabled or someone registered a provider first. Our
  // instrumentations are given the provider directly, so our events reach our processor
  // either way.
  if (!mode.sdkDisabled && logs.setGlobalLoggerProvider(loggerProvider) !== loggerProvider) {
    logger.debug('tcell-hooks: a global LoggerProvider was registered already; kept it');
  }
  registerInstrumentations({
    instrumentations: [
      new TcellLoginInstrumentation({
        deliverLogin: deliverTo(loginProcessor),
        deferLogin: (task) => loginProcessor.defer(task),
      }),
      ...(config.passportLoginEvents ? [new PassportLoginInstrumentation()] : []),
    ],
    loggerProvider,
  });

  const shutdown = preloadShutdown(loggerProvider, loginProcessor, sinks);

  logger.debug(`tcell-hooks started without tracing (${mode.reason}); events go to ${eventsFile}`);
  return { sdk: undefined, tracing: false, eventsFile, sinks, shutdown };
}
