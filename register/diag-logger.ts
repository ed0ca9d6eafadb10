import { DiagConsoleLogger, diag, DiagLogLevel } from '@opentelemetry/api';

const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Prints OpenTelemetry diagnostics (ours included) on the console: at `OTEL_LOG_LEVEL` when it
 * is set (the SDK uses the same), else at `TCELL_LOG_LEVEL`, warn by default. Installed before
 * anything else runs, so configuration problems found before the SDK starts are printed too.
 */
export function installConsoleDiagLogger(
  logLevel: string | undefined,
  env: NodeJS.ProcessEnv,
): void {
  const otelLevel = env.OTEL_LOG_LEVEL?.trim().toLowerCase();
  const level = otelLevel !== undefined && otelLevel !== '' ? otelLevel : (logLevel ?? 'warn');
  diag.setLogger(new DiagConsoleLogger(), {
    logLevel: LOG_LEVELS[level] ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
}

/**
 * Before the Node SDK is constructed: with `OTEL_LOG_LEVEL` set it installs its own console
 * logger, and would first warn that ours is being replaced. Ours steps aside silently.
 */
export function yieldDiagLoggerToSdk(env: NodeJS.ProcessEnv): void {
  if (env.OTEL_LOG_LEVEL !== undefined && env.OTEL_LOG_LEVEL.trim() !== '') diag.disable();
}
