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
 * Prints OpenTelemetry diagnostics (ours included) on the console at `TCELL_LOG_LEVEL`, warn by
 * default, unless `OTEL_LOG_LEVEL` is set: then the SDK installs its own console logger.
 */
export function installConsoleDiagLogger(
  logLevel: string | undefined,
  env: NodeJS.ProcessEnv,
): void {
  if (env.OTEL_LOG_LEVEL !== undefined && env.OTEL_LOG_LEVEL.trim() !== '') return;
  diag.setLogger(new DiagConsoleLogger(), {
    logLevel: LOG_LEVELS[logLevel ?? 'warn'] ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
}
