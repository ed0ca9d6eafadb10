import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import { sendRawRequest } from '../helpers/raw-http';
import { startRecordingServer } from '../helpers/recording-server';

const run = promisify(execFile);
const PRELOAD = ['--require', 'tcell-hooks/register'];
const STATE_SCRIPT = 'build/test/no-tracing/fixtures/report-otel-state.js';
const FIXTURE_APP = 'build/test/fixtures/minimal-login-app.js';

interface OtelState {
  spansRecord: boolean;
  contextManager: boolean;
  globalLoggerTakesLogins: boolean;
  httpServerPatched: boolean;
}

async function otelStateUnderPreload(env: Record<string, string>): Promise<OtelState> {
  const { stdout } = await run(process.execPath, [...PRELOAD, STATE_SCRIPT], {
    cwd: REPO_ROOT,
    env: cleanEnv({ TCELL_HMAC_KEY: 'k', TCELL_EVENTS_FILE: '-', ...env }),
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as OtelState;
}

// The global logger takes login events only when something exports them (OTLP logs): the
// preload hands logins to its own sinks directly, not through the Logs SDK.
const TRACING: OtelState = {
  spansRecord: true,
  contextManager: true,
  globalLoggerTakesLogins: false,
  httpServerPatched: true,
};
const LOGS_ONLY: OtelState = {
  spansRecord: false,
  contextManager: false,
  globalLoggerTakesLogins: false,
  httpServerPatched: false,
};

describe('the preload without tracing', function () {
  this.timeout(30000);

  it('should start HTTP tracing by default and with TCELL_TRACING=true', async () => {
    assert.deepEqual(await otelStateUnderPreload({ TCELL_TRACING: 'true' }), TRACING);
    assert.deepEqual(await otelStateUnderPreload({ TCELL_TRACING: '' }), TRACING);
  });

  it('should start no tracer, context manager or HTTP patch with TCELL_TRACING=false', async () => {
    assert.deepEqual(await otelStateUnderPreload({ TCELL_TRACING: 'false' }), LOGS_ONLY);
  });

  it('should run without tracing when OTEL_TRACES_EXPORTER=none, unless TCELL_TRACING=true', async () => {
    assert.deepEqual(
      await otelStateUnderPreload({ TCELL_TRACING: '', OTEL_TRACES_EXPORTER: 'none' }),
      LOGS_ONLY,
    );
    assert.deepEqual(
      await otelStateUnderPreload({ TCELL_TRACING: 'true', OTEL_TRACES_EXPORTER: 'none' }),
      TRACING,
    );
  });

  it('should register a global LoggerProvider that takes login events when OTLP logs are on', async () => {
    // The probe emits nothing, so the recording server only stands in as the endpoint.
    const otlp = await startRecordingServer();
    try {
      const logsEndpoint = { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${otlp.url}/v1/logs` };
      assert.deepEqual(await otelStateUnderPreload({ TCELL_TRACING: 'true', ...logsEndpoint }), {
        ...TRACING,
        globalLoggerTakesLogins: true,
      });
      assert.deepEqual(await otelStateUnderPreload({ TCELL_TRACING: 'false', ...logsEndpoint }), {
        ...LOGS_ONLY,
        globalLoggerTakesLogins: true,
      });
    } finally {
      await otlp.close();
    }
  });

  it('should register nothing global when OTEL_SDK_DISABLED=true, even with TCELL_TRACING=true', async () => {
    assert.deepEqual(
      await otelStateUnderPreload({ TCELL_TRACING: 'true', OTEL_SDK_DISABLED: 'true' }),
      { ...LOGS_ONLY, globalLoggerTakesLogins: false },
    );
  });

  it('should name a TCELL_TRACING value that is not a boolean and leave the hooks off', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_HMAC_KEY: 'k', TCELL_EVENTS_FILE: eventsFile, TCELL_TRACING: 'maybe' },
    });
    try {
      const response = await fetch(`${app.baseUrl}/session/login?status=success&user=u&sid=s`, {
        method: 'POST',
      });
      assert.equal(response.status, 204);
      await app.stop('SIGTERM');
      assert.deepEqual(readJsonLines(eventsFile), []);
      assert.match(
        app.output().stderr,
        /tcell-hooks bad-config: TCELL_TRACING "maybe" is not a boolean word/,
      );
    } finally {
      await app.stop('SIGKILL');
    }
  });

  it('should write the same tCell events as the tracing mode, field for field', async () => {
    const eventsByMode = new Map<string, Record<string, unknown>[]>();
    for (const tracing of ['true', 'false']) {
      const eventsFile = join(tempFolder(), 'events.jsonl');
      const app = await startApp(FIXTURE_APP, {
        nodeArgs: PRELOAD,
        env: {
          TCELL_HMAC_KEY: 'same-key',
          TCELL_AGENT_APP_ID: 'same-app',
          TCELL_PASSWORD_HMAC_KEY: 'same-password-key',
          TCELL_EVENTS_FILE: eventsFile,
          TCELL_TRACING: tracing,
        },
      });
      try {
        for (const [status, user] of [
          ['failure', 'ann'],
          ['success', 'ann'],
        ]) {
          const response = await sendRawRequest(
            app.port,
            `POST /session/login?status=${status}&user=${user}&sid=sid-${user}&pw=pw-${status} HTTP/1.1`,
            [
              ['Host', 'shop.example'],
              ['User-Agent', 'same-agent/1'],
              ['Referer', 'https://shop.example/sign-in?next=cart'],
              ['X-Probe', '1'],
              ['Connection', 'close'],
            ],
          );
          assert.match(response, /^HTTP\/1\.1 204 /);
        }
        await app.stop('SIGTERM');
      } finally {
        await app.stop('SIGKILL');
      }
      eventsByMode.set(tracing, readJsonLines(eventsFile));
    }

    const traced = eventsByMode.get('true') ?? [];
    const untraced = eventsByMode.get('false') ?? [];
    assert.equal(traced.length, 2);
    for (const event of traced) assert.match(String(event.span_id), /^[0-9a-f]{16}$/);
    for (const event of untraced) {
      assert.equal('trace_id' in event, false);
      assert.equal('span_id' in event, false);
    }
    // Everything but the time and the per-login and per-span ids is the same.
    const comparable = (event: Record<string, unknown>): Record<string, unknown> => {
      const { event_time: _t, event_id: _e, trace_id: _tr, span_id: _s, ...fields } = event;
      return fields;
    };
    assert.deepEqual(untraced.map(comparable), traced.map(comparable));
    // The inputs reached every field: a fingerprint, a stripped referrer, the header order.
    assert.match(String(untraced[0].password_id), /^[0-9a-f]{8}$/);
    assert.equal(untraced[0].referrer, 'https://shop.example/sign-in?next=');
    assert.deepEqual(untraced[0].header_keys, [
      'HOST',
      'USER_AGENT',
      'REFERER',
      'X_PROBE',
      'CONNECTION',
    ]);
  });

  it('should still write the events file, and send no OTLP at all, with OTEL_SDK_DISABLED=true', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const otlp = await startRecordingServer();
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_HMAC_KEY: 'k',
        TCELL_EVENTS_FILE: eventsFile,
        OTEL_SDK_DISABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    });
    try {
      const response = await fetch(`${app.baseUrl}/session/login?status=success&user=di&sid=s`, {
        method: 'POST',
        headers: { 'user-agent': 'sdk-disabled-test' },
      });
      assert.equal(response.status, 204);
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      assert.equal(events.length, 1);
      assert.equal(events[0].user_id, 'di');
      assert.equal(events[0].user_agent, 'sdk-disabled-test');
      assert.deepEqual(otlp.requests, []);
    } finally {
      await app.stop('SIGKILL');
      await otlp.close();
    }
  });
});
