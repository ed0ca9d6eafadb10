import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import { sendRawRequest } from '../helpers/raw-http';
import type { RecordedRequest } from '../helpers/recording-server';
import { startRecordingServer } from '../helpers/recording-server';
import { NO_TRACING } from '../helpers/test-mode';

const APP = 'build/examples/express-login/app.js';
const PRELOAD = ['--require', 'tcell-hooks/register'];
const APP_ID = 'app-under-test';
const SESSION_KEY = 'session-key-for-tests';
const PASSWORD_KEY = 'password-key-for-tests';
const ALICE_PASSWORD = 'correct horse battery staple';

function hmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

/** The value of the `sid` cookie a response sets, from raw response text or a fetch Response. */
function sessionCookie(setCookie: string): string {
  const match = /sid=([^;\s]+)/.exec(setCookie);
  assert.ok(match, `no sid cookie in ${setCookie}`);
  return match[1];
}

function formBody(username: string, password: string): string {
  return `username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
}

describe('express-login example under the preload', function () {
  this.timeout(30000);

  it('should write tCell events with received header order, session HMAC and stripped query', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const otlp = await startRecordingServer();
    const app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_AGENT_APP_ID: APP_ID,
        TCELL_HMAC_KEY: SESSION_KEY,
        TCELL_PASSWORD_HMAC_KEY: PASSWORD_KEY,
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    });

    try {
      const loginPage = await fetch(`${app.baseUrl}/login`);
      const anonymousSession = sessionCookie(loginPage.headers.get('set-cookie') ?? '');

      // A failed login, byte by byte, with a header order of this test's choosing.
      const wrongPassword = 'Wrong-Password-Canary-7731';
      const failureBody = formBody('alice', wrongPassword);
      const failureHeaders = [
        ['Host', `127.0.0.1:${app.port}`],
        ['X-Order-Probe', 'first'],
        ['User-Agent', 'raw-socket-test/1.0'],
        ['Referer', 'http://shop.example/sign-in?user=alice&ref=mail#top'],
        ['Accept', '*/*'],
        ['Cookie', `sid=${anonymousSession}`],
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Content-Length', String(Buffer.byteLength(failureBody))],
        ['x-lower-case', 'kept'],
        ['Connection', 'close'],
      ] as const;
      const failure = await sendRawRequest(
        app.port,
        'POST /login?next=%2Fhome&lang=en HTTP/1.1',
        failureHeaders,
        failureBody,
      );
      assert.match(failure, /^HTTP\/1\.1 401 /);

      // A successful login: the app starts a new session and reports that one.
      const successBody = formBody('alice', ALICE_PASSWORD);
      const successHeaders = [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Host', `127.0.0.1:${app.port}`],
        ['Content-Length', String(Buffer.byteLength(successBody))],
        ['User-Agent', 'raw-socket-test/2.0'],
        ['Cookie', `sid=${anonymousSession}`],
        ['Connection', 'close'],
      ] as const;
      const success = await sendRawRequest(
        app.port,
        'POST /login HTTP/1.1',
        successHeaders,
        successBody,
      );
      assert.match(success, /^HTTP\/1\.1 303 /);
      const newSession = sessionCookie(success);
      assert.notEqual(newSession, anonymousSession);

      // An unknown user, through fetch.
      const unknown = await fetch(`${app.baseUrl}/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `sid=${anonymousSession}`,
        },
        body: formBody('mallory', 'guess-1'),
      });
      assert.equal(unknown.status, 401);

      assert.equal(await app.stop('SIGTERM'), null, 'the preload re-raises SIGTERM after flushing');
      const events = readJsonLines(eventsFile);
      assert.equal(events.length, 3, JSON.stringify(events));
      const [failed, succeeded, unknownUser] = events;

      const tcellForm = (headers: ReadonlyArray<readonly [string, string]>): string[] =>
        headers.map(([name]) => name.toUpperCase().replaceAll('-', '_'));
      assert.deepEqual(withoutExtensions(failed), {
        event_type: 'login',
        event_name: 'login-failure',
        user_id: 'alice',
        user_valid: true,
        session: hmacHex(SESSION_KEY, anonymousSession, 32),
        user_agent: 'raw-socket-test/1.0',
        referrer: 'http://shop.example/sign-in?user=&ref=',
        remote_addr: '127.0.0.1',
        header_keys: tcellForm(failureHeaders),
        document_uri: '/login?next=&lang=',
        password_id: hmacHex(PASSWORD_KEY, `${APP_ID}:${wrongPassword}:alice`, 8),
      });
      assert.deepEqual(withoutExtensions(succeeded), {
        event_type: 'login',
        event_name: 'login-success',
        user_id: 'alice',
        user_valid: true,
        session: hmacHex(SESSION_KEY, newSession, 32),
        user_agent: 'raw-socket-test/2.0',
        remote_addr: '127.0.0.1',
        header_keys: tcellForm(successHeaders),
        document_uri: '/login',
        password_id: hmacHex(PASSWORD_KEY, `${APP_ID}:${ALICE_PASSWORD}:alice`, 8),
      });
      assert.equal(unknownUser.event_name, 'login-failure');
      assert.equal(unknownUser.user_id, 'mallory');
      assert.equal(unknownUser.user_valid, false);
      assert.equal(unknownUser.password_id, hmacHex(PASSWORD_KEY, `${APP_ID}:guess-1:mallory`, 8));
      // The spray fingerprint leaves the user id out: the same for one password on any account.
      assert.equal(
        failed.password_spray_id,
        hmacHex(PASSWORD_KEY, `${APP_ID}:${wrongPassword}`, 8),
      );
      assert.equal(unknownUser.password_spray_id, hmacHex(PASSWORD_KEY, `${APP_ID}:guess-1`, 8));

      for (const event of events) {
        assert.match(String(event.event_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.match(String(event.event_id), /^[0-9a-f]{32}$/);
      }
      if (NO_TRACING) assertLogsOnly(otlp.requests, events);
      else assertOnServerSpans(otlp.requests, events);

      // Nothing secret leaves the process: not in the events, OTLP, stdout or stderr.
      const { stdout, stderr } = app.output();
      const outputs = {
        jsonl: readFileSync(eventsFile, 'utf8'),
        otlp: otlp.requests.map((request) => request.body.toString('utf8')).join('\n'),
        stdout,
        stderr,
      };
      for (const secret of [
        anonymousSession,
        newSession,
        wrongPassword,
        ALICE_PASSWORD,
        'guess-1',
      ]) {
        for (const [where, text] of Object.entries(outputs)) {
          assert.ok(!text.includes(secret), `${JSON.stringify(secret)} leaked into ${where}`);
        }
      }
    } finally {
      await app.stop('SIGKILL');
      await otlp.close();
    }
  });

  it('should key the session HMAC with the app id and send no password_id without a password key', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_AGENT_APP_ID: APP_ID, TCELL_EVENTS_FILE: eventsFile },
    });
    try {
      const loginPage = await fetch(`${app.baseUrl}/login`);
      const session = sessionCookie(loginPage.headers.get('set-cookie') ?? '');
      const response = await fetch(`${app.baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sid=${session}` },
        body: formBody('bob', 'not-bobs-password'),
      });
      assert.equal(response.status, 401);
      await app.stop('SIGTERM');

      const [event] = readJsonLines(eventsFile);
      assert.equal(event.session, hmacHex(APP_ID, session, 32));
      assert.equal(event.user_id, 'bob');
      assert.equal('password_id' in event, false);
    } finally {
      await app.stop('SIGKILL');
    }
  });
});

/** Tracing mode: ids on every event, each event on the HTTP server span it names. */
function assertOnServerSpans(requests: RecordedRequest[], events: Record<string, unknown>[]): void {
  for (const event of events) {
    assert.match(String(event.trace_id), /^[0-9a-f]{32}$/);
    assert.match(String(event.span_id), /^[0-9a-f]{16}$/);
  }
  // OTLP: the event sits on the HTTP server span (kind SERVER = 2), not an Express span.
  const traceBodies = requests.filter((request) => request.url === '/v1/traces');
  assert.ok(traceBodies.length > 0, 'OTLP traces were exported');
  const spans = traceBodies.flatMap((request) => otlpSpans(request.body.toString('utf8')));
  const loginSpans = spans.filter((span) => span.events?.some((e) => e.name === 'tcell.login'));
  assert.equal(loginSpans.length, 3);
  for (const span of loginSpans) assert.equal(span.kind, 2, `span ${span.name} is not SERVER`);
  assert.deepEqual(
    loginSpans.map((span) => span.spanId).sort(),
    events.map((event) => event.span_id).sort(),
  );
}

/**
 * No-tracing mode: no trace or span ids, no span exported at all, and each event exported once
 * as an OTLP log event carrying the same login id.
 */
function assertLogsOnly(requests: RecordedRequest[], events: Record<string, unknown>[]): void {
  for (const event of events) {
    assert.equal('trace_id' in event, false);
    assert.equal('span_id' in event, false);
  }
  assert.deepEqual(
    requests.filter((request) => request.url === '/v1/traces'),
    [],
  );
  const logBodies = requests.filter((request) => request.url === '/v1/logs');
  const loginIds = logBodies
    .flatMap((request) => otlpLogRecords(request.body.toString('utf8')))
    .filter((record) => record.eventName === 'tcell.login')
    .map((record) => record.attributes?.find((a) => a.key === 'tcell.login.id')?.value.stringValue);
  assert.deepEqual(loginIds.sort(), events.map((event) => event.event_id).sort());
}

interface OtlpLogRecord {
  eventName?: string;
  attributes?: Array<{ key: string; value: { stringValue?: string } }>;
}

function otlpLogRecords(body: string): OtlpLogRecord[] {
  const parsed = JSON.parse(body) as {
    resourceLogs?: Array<{ scopeLogs?: Array<{ logRecords?: OtlpLogRecord[] }> }>;
  };
  return (parsed.resourceLogs ?? []).flatMap((resource) =>
    (resource.scopeLogs ?? []).flatMap((scope) => scope.logRecords ?? []),
  );
}

interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  events?: Array<{ name: string }>;
}

function otlpSpans(body: string): OtlpSpan[] {
  const parsed = JSON.parse(body) as {
    resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
  };
  return (parsed.resourceSpans ?? []).flatMap((resource) =>
    (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? []),
  );
}

function withoutExtensions(event: Record<string, unknown>): Record<string, unknown> {
  const {
    event_time: _time,
    trace_id: _trace,
    span_id: _span,
    event_id: _id,
    password_spray_id: _spray,
    ...tcell
  } = event;
  return tcell;
}
