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
 */
export class AlertTelemetry {
  private readonly fallbackLogger: Logger;
  private readonly counter: Counter;

  constructor() {
    this.fallbackLogger = logs.getLogger('tcell-hooks', VERSION);
    this.counter = metrics
      .getMeter('tcell-hooks', VERSION)
      .createCounter(ALERT_COUNTER_NAME, { description: 'Alerts raised by tcell-hooks detection' });
  }

  /** Emits the log event and adds one to the counter. */
  write(alert: DetectionAlert): void {
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
    const logger = getActiveRecorder()?.eventLogger() ?? this.fallbackLogger;
    logger.emit({
      eventName: ALERT_EVENT_NAME,
      severityNumber: SEVERITY_NUMBERS[alert.severity],
      severityText: alert.severity.toUpperCase(),
      body: alert.reason,
      attributes,
    });
    this.counter.add(1, { rule: alert.rule, severity: alert.severity });
  }
}
