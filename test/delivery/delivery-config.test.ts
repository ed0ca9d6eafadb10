import assert from 'node:assert';
import { OTLPLogExporter as OtlpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ingestSinkOptionsFromEnv } from '../../exporters/sinks/ingest-options';
import { backoffDelay, parseRetryAfter } from '../../exporters/sinks/ingest-request';
import { otlpLogExporterFromEnv } from '../../register/otlp';

describe('otlpLogExporterFromEnv', () => {
  it('should export logs nowhere when no OTEL variable asks', () => {
    assert.strictEqual(otlpLogExporterFromEnv({}), undefined);
    assert.strictEqual(
      otlpLogExporterFromEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
        OTEL_LOGS_EXPORTER: 'none',
      }),
      undefined,
    );
  });

  it('should pick the exporter for the protocol asked for', () => {
    const endpoint = 'http://127.0.0.1:1';
    const proto = otlpLogExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const json = otlpLogExporterFromEnv({
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    });
    assert.ok(proto instanceof OtlpProtoLogExporter);
    assert.ok(json instanceof OtlpJsonLogExporter);
  });
});

describe('ingestSinkOptionsFromEnv', () => {
  it('should make no ingest sink without TCELL_INPUT_URL', () => {
    assert.deepStrictEqual(ingestSinkOptionsFromEnv({}, { TCELL_INGEST_MAX_QUEUE_SIZE: '5' }), {
      problems: [],
    });
  });

  it('should read the tuning variables and name the ones that are not positive integers', () => {
    const { options, problems } = ingestSinkOptionsFromEnv(
      { inputUrl: 'http://127.0.0.1:9/in', apiKey: 'k', appId: 'a' },
      {
        TCELL_INGEST_MAX_QUEUE_SIZE: '64',
        TCELL_INGEST_TIMEOUT_MS: '0',
        TCELL_INGEST_MAX_BATCH_SIZE: 'ten',
      },
    );
    assert.strictEqual(options?.maxQueueSize, 64);
    assert.strictEqual(options?.url, 'http://127.0.0.1:9/in');
    assert.deepStrictEqual(problems.map((problem) => problem.variable).sort(), [
      'TCELL_INGEST_MAX_BATCH_SIZE',
      'TCELL_INGEST_TIMEOUT_MS',
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('should read delta-seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.strictEqual(parseRetryAfter('7', now), 7000);
    assert.strictEqual(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now), 30_000);
    assert.strictEqual(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now), 0);
    assert.strictEqual(parseRetryAfter('soon', now), undefined);
    assert.strictEqual(parseRetryAfter(null, now), undefined);
  });
});

describe('backoffDelay', () => {
  it('should double the ceiling per failure up to the maximum, jittered in its upper half', () => {
    assert.strictEqual(
      backoffDelay(1, 100, 1000, () => 0),
      50,
    );
    assert.strictEqual(
      backoffDelay(1, 100, 1000, () => 1),
      100,
    );
    assert.strictEqual(
      backoffDelay(3, 100, 1000, () => 1),
      400,
    );
    assert.strictEqual(
      backoffDelay(10, 100, 1000, () => 0.5),
      750,
    );
  });
});
