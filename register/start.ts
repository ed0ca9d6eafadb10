import type { TracerProvider } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { TcellLoginLogProcessor } from '../exporters/login-log-processor';
import { TcellLoginExporter } from '../exporters/tcell-login-exporter';
import { TcellLoginSpanProcessor } from '../exporters/login-span-processor';
import { IngestSink } from '../exporters/sinks/ingest-sink';
import { ingestSinkOptionsFromEnv } from '../exporters/sinks/ingest-options';
import type { TcellEventSink } from '../exporters/sinks/types';
import { PassportLoginInstrumentation } from '../instrumentation/passport-instrumentation';
import { eventFileSinks, formatContext } from './event-sinks';
import { detectionSinkFromEnv } from '../detection/from-env';
import { TcellLoginInstrumentation } from '../instrumentation/tcell-instrumentation';
import { readConfig, reportConfigProblems } from '../src/config';
import { logger } from '../src/diagnostics';
import { attachSpanProcessor, registeredTracerProvider } from './existing-sdk';
import { installConsoleDiagLogger, yieldDiagLoggerToSdk } from './diag-logger';
import {
  deliverTo,
  installExitHandlers,
  preloadShutdown,
  SHUTDOWN_DEADLINE_MS,
  withDeadline,
} from './lifecycle';
import { startLogsOnly } from './logs-only';
import { chooseTracingMode } from './tracing-mode';
import { otlpLogExporterFromEnv, otlpTraceExporterFromEnv } from './otlp';

/** What the preload started. */
export interface TcellHooksHandle {
  /**
   * The OpenTelemetry Node SDK the preload started; undefined when it joined another SDK or
   * runs without tracing.
   */
  readonly sdk: NodeSDK | undefined;
  /** False when the preload started no tracing: logins go out as log events only. */
  readonly tracing: boolean;
  /** The JSON Lines file events are written to, or `-`. */
  readonly eventsFile: string;
  /** The sinks events are delivered to: the JSON Lines file, then the ingest sink if any. */
  readonly sinks: readonly TcellEventSink[];
  /** Flushes every pending event and stops the SDK; safe to call more than once. */
  shutdown(): Promise<void>;
}

const STARTED = Symbol.for('tcell-hooks.started');
type GlobalWithHandle = typeof globalThis & { [STARTED]?: TcellHooksHandle };

/**
 * Starts the OpenTelemetry Node SDK with the HTTP and Express instrumentations, the tcell-hooks
 * instrumentation and exporter, and OTLP export when the standard variables ask for it. Returns
 * undefined, leaving the hooks off, when tcell-hooks is disabled or misconfigured.
 */
export function startTcellHooks(
  env: NodeJS.ProcessEnv = process.env,
): TcellHooksHandle | undefined {
  const holder = globalThis as GlobalWithHandle;
  if (holder[STARTED] !== undefined) return holder[STARTED];

  const { config, problems: configProblems } = readConfig(env);
  const ingest = ingestSinkOptionsFromEnv(config, env);
  const problems = [...configProblems, ...ingest.problems];
  installConsoleDiagLogger(config.logLevel, env);
  if (problems.length > 0) {
    reportConfigProblems(problems);
    return undefined;
  }
  if (!config.enabled) {
    logger.info('tcell-hooks is disabled by TCELL_AGENT_ENABLED; the hooks do nothing');
    return undefined;
  }

  const fileSinks = eventFileSinks(config, env);
  const eventsSink = fileSinks[0];
  const sinks: TcellEventSink[] = [...fileSinks];
  if (ingest.options !== undefined) {
    sinks.push(new IngestSink({ ...ingest.options, formatContext: formatContext(config, env) }));
  }
  const detectionSink = detectionSinkFromEnv(env);
  if (detectionSink !== undefined) sinks.push(detectionSink);

  const mode = chooseTracingMode(config, env);
  if (!mode.tracing) {
    const handle = startLogsOnly({ config, env, sinks, eventsFile: eventsSink.path, mode });
    holder[STARTED] = handle;
    return handle;
  }

  const existingProvider = registeredTracerProvider();
  if (existingProvider !== undefined) {
    const handle = joinExistingSdk(existingProvider, sinks, eventsSink.path);
    holder[STARTED] = handle;
    return handle;
  }

  // In-process delivery takes every login straight from the recorder (see deliverLogin), so it
  // does not depend on trace sampling, and costs no Logs SDK work: the LoggerProvider gets a
  // processor (and the log event is emitted at all) only when OTLP log export is asked for.
  // Span events still leave with sampled spans through OTLP.
  const loginProcessor = new TcellLoginLogProcessor({ sinks });
  const logRecordProcessors: LogRecordProcessor[] = [];
  const otlpLogExporter = otlpLogExporterFromEnv(env);
  if (otlpLogExporter !== undefined) {
    logRecordProcessors.push(new BatchLogRecordProcessor({ exporter: otlpLogExporter }));
  }
  const spanProcessors: SpanProcessor[] = [];
  const otlpTraceExporter = otlpTraceExporterFromEnv(env);
  if (otlpTraceExporter !== undefined) {
    spanProcessors.push(new BatchSpanProcessor({ exporter: otlpTraceExporter }));
  }
  // The SDK starts no tracer provider without a span processor; the HTTP server spans must
  // exist all the same (they carry the span events and the trace ids of the log events).
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());

  yieldDiagLoggerToSdk(env);
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation(),
      new ExpressInstrumentation(),
      new TcellLoginInstrumentation({
        deliverLogin: deliverTo(loginProcessor),
        deferLogin: (task) => loginProcessor.defer(task),
      }),
      ...(config.passportLoginEvents ? [new PassportLoginInstrumentation()] : []),
    ],
    spanProcessors,
    // OTLP logs only when asked, never the SDK's default endpoint.
    logRecordProcessors,
    // No reader: no metrics exporter unasked. The counters reach whatever MeterProvider the
    // application registers itself.
    metricReaders: [],
  });
  sdk.start();

  const shutdown = preloadShutdown(
    { shutdown: () => sdk.shutdown(), forceFlush: () => Promise.resolve() },
    loginProcessor,
    sinks,
  );

  const handle: TcellHooksHandle = {
    sdk,
    tracing: true,
    eventsFile: eventsSink.path,
    sinks,
    shutdown,
  };
  holder[STARTED] = handle;
  const ingestNote = ingest.options === undefined ? '' : ' and TCELL_INPUT_URL';
  logger.debug(`tcell-hooks started; events go to ${eventsSink.path}${ingestNote}`);
  return handle;
}

/**
 * Another SDK is already running: start no second one (a second HTTP instrumentation would
 * make a second server span per request). Add only our instrumentation, and our processor to
 * the running provider, or say clearly why the events will not be written.
 */
function joinExistingSdk(
  provider: TracerProvider,
  sinks: TcellEventSink[],
  eventsFile: string,
): TcellHooksHandle {
  // The other SDK's logs (if any) go where that SDK sends them; our sinks are fed from the span
  // events, so a login reaches them only with a sampled span in this mode.
  const loginProcessor = new TcellLoginSpanProcessor(new TcellLoginExporter({ sinks }));
  if (attachSpanProcessor(provider, loginProcessor)) {
    logger.info('tcell-hooks joined the OpenTelemetry SDK that was already started');
  } else {
    logger.warn(
      'tcell-hooks preload-join: an OpenTelemetry SDK is already started and its tracer ' +
        'provider does not accept another span processor; login events are recorded on its ' +
        'spans but tcell-hooks does not write them. Add TcellLoginSpanProcessor to that ' +
        "SDK's spanProcessors instead of using the preload (see README).",
    );
  }
  registerInstrumentations({ instrumentations: [new TcellLoginInstrumentation()] });

  // Flush the whole running provider, not only our processor: the process may end right after
  // (a re-raised signal), and the other SDK's exports should not be lost because of us.
  const flushProvider = (provider as { forceFlush?: () => Promise<void> }).forceFlush;
  const shutdown = (): Promise<void> =>
    withDeadline(
      Promise.all([loginProcessor.forceFlush(), flushProvider?.call(provider)]).then(
        () => undefined,
      ),
      SHUTDOWN_DEADLINE_MS,
    ).catch(() => undefined);
  installExitHandlers(
    shutdown,
    () => loginProcessor.flushSync(),
    () => loginProcessor.forceFlush(),
  );
  return { sdk: undefined, tracing: true, eventsFile, sinks, shutdown };
}
