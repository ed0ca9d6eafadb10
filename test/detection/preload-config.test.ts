import assert from 'node:assert';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { Detector } from '../../detection/detector';
import { detectionSinkFromEnv } from '../../detection/from-env';
import type { DetectionAlert } from '../../detection/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { resetProblemReports } from '../../src/diagnostics';
import { readJsonLines, tempFolder } from '../helpers/app-process';

/** Installs a diag logger that keeps every warning and error; returns what it kept. */
function captureDiagnostics(): string[] {
  const lines: string[] = [];
  const keep = (message: string): void => void lines.push(message);
  const capture: DiagLogger = {
    error: keep,
    warn: keep,
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(capture, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return lines;
}

function failures(userId: string, first: number, count: number): TcellEventRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    event_type: 'login',
    event_name: 'login-failure',
    user_id: userId,
    remote_addr: '192.0.2.9',
    event_time: new Date(Date.UTC(2024, 0, 1, 0, 0, first + index)).toISOString(),
  }));
}

describe('detectionSinkFromEnv configuration errors', () => {
  beforeEach(() => resetProblemReports());
  afterEach(() => diag.disable());

  it('should name TCELL_DETECTION and its value as bad-config, and stay off', () => {
    const lines = captureDiagnostics();

    const sink = detectionSinkFromEnv({ TCELL_DETECTION: 'maybe' });

    assert.strictEqual(sink, undefined);
    assert.deepStrictEqual(lines, [
      'tcell-hooks bad-config: TCELL_DETECTION "maybe" is not a boolean word; expected true ' +
        'or false; detection stays off (the hooks still run)',
    ]);
  });

  it('should name TCELL_DETECTION_PRESET and its value, quoted safely and cut', () => {
    const lines = captureDiagnostics();
    const long = `paranoid"\n${'x'.repeat(60)}`;

    assert.strictEqual(detectionSinkFromEnv({ TCELL_DETECTION_PRESET: 'paranoid' }), undefined);
    assert.strictEqual(detectionSinkFromEnv({ TCELL_DETECTION_PRESET: long }), undefined);

    assert.strictEqual(
      lines[0],
      'tcell-hooks bad-config: TCELL_DETECTION_PRESET "paranoid" is not a preset; expected one ' +
        'of balanced, strict, lenient; detection stays off (the hooks still run)',
    );
    // Rate-limited per variable, like the hooks' own configuration problems.
    assert.strictEqual(lines.length, 1);
    resetProblemReports();
    detectionSinkFromEnv({ TCELL_DETECTION_PRESET: long });
    const shown = JSON.stringify(`${long.slice(0, 40)}...`);
    assert.strictEqual(
      lines[1],
      `tcell-hooks bad-config: TCELL_DETECTION_PRESET ${shown} is not a preset; expected one ` +
        'of balanced, strict, lenient; detection stays off (the hooks still run)',
    );
    assert.ok(!lines[1].includes('\n'));
  });
});

describe('AlertTelemetry at shutdown', () => {
  afterEach(() => {
    logs.disable();
    diag.disable();
  });

  it('should not ask a shut-down LoggerProvider for a logger, and still deliver the alert', async () => {
    const lines = captureDiagnostics();
    const alertsFile = join(tempFolder(), 'alerts.jsonl');
    const seen: DetectionAlert[] = [];
    // Created before the SDK registers its provider, as the preload creates it.
    const detector = new Detector({
      alertsFile,
      onAlert: (alert) => seen.push(alert),
      thresholds: { bruteForce: { failures: 3 } },
    });
    const provider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() })],
    });
    logs.setGlobalLoggerProvider(provider);
    for (const event of failures('erin', 0, 2)) detector.observe(event);

    await provider.shutdown();
    for (const event of failures('erin', 2, 1)) detector.observe(event);

    assert.deepStrictEqual(lines, []);
    assert.deepStrictEqual(
      seen.map((alert) => [alert.rule, alert.key]),
      [['brute-force', { user_id: 'erin' }]],
    );
    assert.deepStrictEqual(
      readJsonLines(alertsFile).map((alert) => [alert.rule, alert.key]),
      [['brute-force', { user_id: 'erin' }]],
    );
  });

  it('should emit the log event of an alert raised while the provider runs', () => {
    const exporter = new InMemoryLogRecordExporter();
    const detector = new Detector({ thresholds: { bruteForce: { failures: 3 } } });
    logs.setGlobalLoggerProvider(
      new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] }),
    );

    for (const event of failures('frank', 0, 3)) detector.observe(event);

    const records = exporter.getFinishedLogRecords();
    assert.deepStrictEqual(
      records.map((record) => [record.eventName, record.attributes['tcell.alert.key.user_id']]),
      [['tcell.alert', 'frank']],
    );
  });
});
