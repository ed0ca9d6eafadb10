import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import { startRecordingServer } from '../helpers/recording-server';

const FIXTURE_APP = 'build/test/fixtures/minimal-login-app.js';
const OWN_SDK_APP = 'build/test/fixtures/own-sdk-app.js';

interface OtlpSpan {
  kind: number;
  events?: Array<{ name: string }>;
}

function otlpSpans(bodies: string[]): OtlpSpan[] {
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as {
      resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
    };
    return (parsed.resourceSpans ?? []).flatMap((resource) =>
      (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? []),
    );
  });
}

describe('tcell-hooks alongside other OpenTelemetry setups', function () {
  this.timeout(60000);

  it('should join auto-instrumentations-node: one SDK, one server span, one event per login', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const otlp = await startRecordingServer();
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: [
        '--require',
        '@opentelemetry/auto-instrumentations-node/register',
        '--require',
        'tcell-hooks/register',
      ],
      env: {
        TCELL_HMAC_KEY: 'joined-key',
        TCELL_EVENTS_FILE: eventsFile,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        // Only local detectors: cloud detectors would probe metadata addresses.
        OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
        TCELL_LOG_LEVEL: 'info',
      },
    });
    try {
      for (const user of ['ann', 'ben']) {
        const response = await fetch(
          `${app.baseUrl}/session/login?status=success&user=${user}&sid=sid-${user}`,
          { method: 'POST' },
        );
        assert.equal(response.status, 204);
      }
      // auto-instrumentations-node keeps its own SIGTERM handler (which never exits), so stop
      // with SIGINT, which only tcell-hooks handles and re-raises.
      await app.stop('SIGINT');

      const events = readJsonLines(eventsFile);
      assert.deepEqual(
        events.map((event) => [event.user_id, event.session]),
        ['ann', 'ben'].map((user) => [
          user,
          createHmac('sha256', 'joined-key').update(`sid-${user}`).digest('hex').slice(0, 32),
        ]),
      );
      const { stderr, stdout } = app.output();
      assert.match(stdout + stderr, /tcell-hooks joined the OpenTelemetry SDK/);
      assert.doesNotMatch(stderr, /duplicate registration/i);

      const spans = otlpSpans(
        otlp.requests.filter((r) => r.url === '/v1/traces').map((r) => r.body.toString('utf8')),
      );
      const serverSpans = spans.filter((span) => span.kind === 2);
      assert.equal(serverSpans.length, 2, 'one HTTP server span per request');
      const withLogin = spans.filter((span) => span.events?.some((e) => e.name === 'tcell.login'));
      assert.equal(withLogin.length, 2);
      assert.ok(withLogin.every((span) => span.kind === 2));
    } finally {
      await app.stop('SIGKILL');
      await otlp.close();
    }
  });

  it('should work in an app that builds its own NodeSDK as the README shows', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(OWN_SDK_APP, { env: { EVENTS_FILE: eventsFile } });
    try {
      const response = await fetch(`${app.baseUrl}/session/login?status=failure&user=cy&sid=own`, {
        method: 'POST',
        headers: { 'user-agent': 'own-sdk-test' },
      });
      assert.equal(response.status, 204);
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      assert.equal(events.length, 1);
      assert.equal(events[0].user_id, 'cy');
      assert.equal(events[0].user_agent, 'own-sdk-test');
      assert.equal(
        events[0].session,
        createHmac('sha256', 'own-sdk-app').update('own').digest('hex').slice(0, 32),
      );
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
