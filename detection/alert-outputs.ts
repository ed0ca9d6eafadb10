import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { getActiveRecorder } from '../src/state';
import type { Counter } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { Logger } from '@opentelemetry/api-logs';
import { warnProblem } from '../src/diagnostics';
import { VERSION } from '../src/version';
import type { AlertSeverity, DetectionAlert } from './types';

/** Name of the OpenTelemetry log event each alert is emitted as. */
export const ALERT_EVENT_NAME = 'tcell.alert';
/** Name of the OpenTelemetry counter of alerts, with `rule` and `severity` attributes. */
export const ALERT_COUNTER_NAME = 'tcell.detection.alerts';

const SEVERITY_NUMBERS: Record<AlertSeverity, SeverityNumber> = {
  medium: SeverityNumber.WARN,
  high: SeverityNumber.ERROR,
  critical: SeverityNumber.FATAL,
};

/**
 * Appends each alert as one JSON line to a file (created with its folder). Alerts are rare, so
 * each is written synchronously: none is lost if the process dies right after.
 */
export class AlertFileWriter {
  /** The absolute path written to. */
  readonly path: string;
  private folderReady = false;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** Appends one alert; a failure is reported, not thrown. */
  write(alert: DetectionAlert): void {
    try {
      if (!this.folderReady) {
        mkdirSync(dirname(this.path), { recursive: true });
        this.folderReady = true;
      }
      appendFileSync(this.path, `${JSON.stringify(alert)}\n`);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'error';
      warnProblem('alert-file-failed', `could not append to the alerts file (${name})`);
    }
  }
}

/**
 * Emits each alert as an OpenTelemetry log event `tcell.alert` and counts it on the global
 * meter. Both are no-ops until an SDK registers them. The log event goes through the logger of
 * the enabled tcell-hooks instrumentation when there is one: the instrumentation gets it from
 * whichever OpenTelemetry line registered it (the Logs API moved into `@opentelemetry/api` in
 * the 3.x line), so it reaches the SDK that is running. Otherwise the `api-logs` global.
 *
 * The logger is picked while the SDK runs ({@link AlertTelemetry.prepare}), not when an alert
 * is raised: alerts are often raised by the last events, flushed while the process shuts down,
 * and asking a shut-down SDK LoggerProvider for a logger prints a bare warning. An alert raised
 * once the SDK's logging stopped gets no log event; it still reaches the file and listeners.
 */
export class AlertTelemetry {
  private readonly fallbackLogger: Logger;
  private readonly counter: Counter;
  /** A logger that answered enabled while the SDK ran; it answers false after shutdown. */
  private logger: Logger | undefined;

  constructor() {
    this.fallbackLogger = logs.getLogger('tcell-hooks', VERSION);
    this.counter = metrics
      .getMeter('tcell-hooks', VERSION)
      .createCounter(ALERT_COUNTER_NAME, { description: 'Alerts raised by tcell-hooks detection' });
  }

  /**
   * Picks the logger once an SDK can give one; the detector calls it for each event it
   * observes, before any rule can raise an alert. Cheap after the first success.
   */
  prepare(): void {
    if (this.logger !== undefined) return;
    const candidate = getActiveRecorder()?.eventLogger() ?? this.fallbackLogger;
    if (candidate.enabled({ eventName: ALERT_EVENT_NAME })) this.logger = candidate;
  }

  /** Emits the log event, unless logging stopped or never started, and adds one to the counter. */
  write(alert: DetectionAlert): void {
    this.counter.add(1, { rule: alert.rule, severity: alert.severity });
    const logger = this.logger;
    if (logger === undefined || !logger.enabled({ eventName: ALERT_EVENT_NAME })) return;

    const attributes: Record<string, string | number> = {
      'tcell.alert.rule': alert.rule,
      'tcell.alert.severity': alert.severity,
      'tcell.alert.first_time': alert.first_time,
      'tcell.alert.last_time': alert.last_time,
      'tcell.alert.window_seconds': alert.window_seconds,
    };
    for (const [name, value] of Object.entries(alert.key)) {
      if (typeof value === 'string') attributes[`tcell.alert.key.${name}`] = value;
    }
    for (const [name, value] of Object.entries(alert.counts)) {
      attributes[`tcell.alert.count.${name}`] = value;
    }
    logger.emit({
      eventName: ALERT_EVENT_NAME,
      severityNumber: SEVERITY_NUMBERS[alert.severity],
      severityText: alert.severity.toUpperCase(),
      body: alert.reason,
      attributes,
    });
  }
}
