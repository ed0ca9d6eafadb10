import assert from 'node:assert';
import { join } from 'node:path';
import { logs } from '@opentelemetry/api-logs';
import { metrics } from '@opentelemetry/api';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { Detector } from '../../detection/detector';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';

function bruteForce(userId: string, count: number): TcellEventRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    event_type: 'login',
    event_name: 'login-failure',
    user_id: userId,
    remote_addr: '192.0.2.9',
    event_time: new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString(),
  }));
}

describe('Detector alert delivery', () => {
  afterEach(() => {
    logs.disable();
    metrics.disable();
  });

  it('should emit a tcell.alert log event and count it on the global meter', async () => {
    const logExporter = new InMemoryLogRecordExporter();
    logs.setGlobalLoggerProvider(
      new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] }),
    );
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: 3_600_000,
    });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const detector = new Detector({ thresholds: { bruteForce: { failures: 4 } } });

    for (const event of bruteForce('carol', 4)) detector.observe(event);
    await reader.forceFlush();

    const records = logExporter.getFinishedLogRecords();
    assert.strictEqual(records.length, 1);
    assert.strictEqual(records[0].eventName, 'tcell.alert');
    assert.strictEqual(records[0].severityText, 'HIGH');
    assert.strictEqual(records[0].attributes['tcell.alert.rule'], 'brute-force');
    assert.strictEqual(records[0].attributes['tcell.alert.key.user_id'], 'carol');
    assert.strictEqual(records[0].attributes['tcell.alert.count.failures'], 4);
    const points = metricExporter
      .getMetrics()
      .flatMap((resource) => resource.scopeMetrics)
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === 'tcell.detection.alerts')
      .flatMap((metric) => metric.dataPoints as { attributes: object; value: unknown }[]);
    assert.deepStrictEqual(
      points.map((point) => [point.attributes, point.value]),
      [[{ rule: 'brute-force', severity: 'high' }, 1]],
    );
  });

  it('should append alerts to a JSON Lines file and call onAlert', () => {
    const alertsFile = join(tempFolder(), 'nested', 'alerts.jsonl');
    const seen: string[] = [];
    const detector = new Detector({
      telemetry: false,
      alertsFile,
      onAlert: (alert) => seen.push(alert.rule),
      thresholds: { bruteForce: { failures: 3 } },
    });

    for (const event of bruteForce('dave', 3)) detector.observe(event);

    assert.deepStrictEqual(seen, ['brute-force']);
    const lines = readJsonLines(alertsFile);
    assert.strictEqual(lines.length, 1);
    assert.deepStrictEqual(lines[0].key, { user_id: 'dave' });
    assert.strictEqual(lines[0].last_time, '2024-01-01T00:00:02.000Z');
  });
});

describe('preload detection (TCELL_DETECTION)', function () {
  this.timeout(30_000);

  it('should write a brute-force alert for failed logins to an app under the preload', async () => {
    const folder = tempFolder();
    const alertsFile = join(folder, 'alerts.jsonl');
    const app = await startApp('build/examples/express-login/app.js', {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: {
        TCELL_AGENT_APP_ID: 'detection-test',
        TCELL_EVENTS_FILE: join(folder, 'events.jsonl'),
        TCELL_ALERTS_FILE: alertsFile,
        TCELL_DETECTION_PRESET: 'strict',
      },
    });
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await fetch(`${app.baseUrl}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `username=nobody&password=wrong${attempt}`,
          redirect: 'manual',
        });
        await response.arrayBuffer();
      }
    } finally {
      await app.stop('SIGTERM');
    }

    const alerts = readJsonLines(alertsFile);
    assert.deepStrictEqual(
      alerts.map((alert) => [alert.rule, alert.key]),
      [['brute-force', { user_id: 'nobody' }]],
    );
  });
});
