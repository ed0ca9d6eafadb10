import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../../helpers/app-process';
import { sendRawRequest } from '../../helpers/raw-http';
import { startCaptureRelay } from './capture-relay';
import type { CapturedRequest } from './capture-relay';
import type { CollectedSpan } from './otlp-collector';
import { startOtlpCollector } from './otlp-collector';

/** Keys the app runs with; the expected hashes below are computed from them here. */
const APP_ID = 'frameworks-test-app';
const HMAC_KEY = 'frameworks-session-key';
const PASSWORD_KEY = 'frameworks-password-key';

/** A login example to drive: its built script and how node starts it. */
export interface LoginAppCase {
  /** Script path relative to the repository root. */
  script: string;
  /** Node flags; the CommonJS preload by default. */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** What one run of the scenario produced and what the test expects of it. */
export interface LoginScenarioRun {
  /** JSON Lines records by user id. */
  records: Map<string, Record<string, unknown>>;
  /** The tCell fields each user's record must have, exactly (no more, no fewer). */
  expected: Map<string, Record<string, unknown>>;
  spans: CollectedSpan[];
  stderr: string;
}

/** HMAC-SHA256 in lower-case hex, cut: the tCell rule, computed independently of the code. */
function hmac(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

/** `Content-Type` -> `CONTENT_TYPE`: the tCell form of a header name. */
function tcellKey(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function cookieFromRaw(response: string): string {
  const match = /^set-cookie: sid=([^;\r\n]+)/im.exec(response);
  assert.ok(match, `no session cookie in response:\n${response}`);
  return match[1];
}

function formBody(username: string, password: string): string {
  return new URLSearchParams({ username, password }).toString();
}

/**
 * Runs the login scenario against an example app under the preload: a raw HTTP/1.1 client
 * with a header order chosen here (failure, known user; failure, unknown user) and node's
 * fetch through a capturing relay (success). Returns the events, the exported spans and the
 * expected fields, every one computed here from what the clients sent.
 */
export async function runLoginScenario(appCase: LoginAppCase): Promise<LoginScenarioRun> {
  const folder = tempFolder('tcell-frameworks-');
  const eventsFile = join(folder, 'events.jsonl');
  const collector = await startOtlpCollector();
  const app = await startApp(appCase.script, {
    nodeArgs: appCase.nodeArgs ?? ['--require', 'tcell-hooks/register'],
    env: {
      TCELL_EVENTS_FILE: eventsFile,
      TCELL_AGENT_APP_ID: APP_ID,
      TCELL_HMAC_KEY: HMAC_KEY,
      TCELL_PASSWORD_HMAC_KEY: PASSWORD_KEY,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl,
      ...appCase.env,
    },
  });
  const relay = await startCaptureRelay(app.port);
  const expected = new Map<string, Record<string, unknown>>();
  const host = `127.0.0.1:${app.port}`;

  try {
    const page = await sendRawRequest(app.port, 'GET /login HTTP/1.1', [
      ['Host', host],
      ['User-Agent', 'frameworks-test/1.0'],
      ['Connection', 'close'],
    ]);
    const firstSession = cookieFromRaw(page);

    // 1. Raw client, known user, wrong password, header order of this test's choosing.
    const aliceBody = formBody('alice', 'not-her-password');
    const aliceHeaders: [string, string][] = [
      ['Host', host],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Requested-With', 'raw-client'],
      ['Referer', `http://${host}/login?from=mail&campaign=7#top`],
      ['Cookie', `sid=${firstSession}`],
      ['User-Agent', 'frameworks-test/1.0 (raw)'],
      ['Accept', 'text/html'],
      ['Content-Length', String(Buffer.byteLength(aliceBody))],
      ['Connection', 'close'],
    ];
    const aliceResponse = await sendRawRequest(
      app.port,
      'POST /login?next=/home&lang=en HTTP/1.1',
      aliceHeaders,
      aliceBody,
    );
    assert.match(aliceResponse, /^HTTP\/1\.1 401 /);
    expected.set('alice', {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: 'alice',
      user_valid: true,
      session: hmac(HMAC_KEY, firstSession, 32),
      user_agent: 'frameworks-test/1.0 (raw)',
      referrer: `http://${host}/login?from=&campaign=`,
      remote_addr: '127.0.0.1',
      header_keys: aliceHeaders.map(([name]) => tcellKey(name)),
      document_uri: '/login?next=&lang=',
      password_id: hmac(PASSWORD_KEY, `${APP_ID}:not-her-password:alice`, 8),
    });

    // 2. Node's fetch through the relay, right password: header order as fetch sent it.
    const fetchResponse = await fetch(`http://127.0.0.1:${relay.port}/login?lang=de&x=1`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        referer: `http://127.0.0.1:${relay.port}/login`,
        cookie: `sid=${firstSession}`,
      },
      body: formBody('bob', 'hunter2-but-longer'),
    });
    await fetchResponse.arrayBuffer();
    assert.strictEqual(fetchResponse.status, 303);
    const newSession = /sid=([^;]+)/.exec(fetchResponse.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(newSession !== undefined && newSession !== firstSession, 'no fresh session');
    const sent = findCaptured(relay.requests(), 'POST /login?lang=de&x=1 ');
    const sentHeader = (name: string): string | undefined =>
      sent.headers.find(([sentName]) => sentName.toLowerCase() === name)?.[1];
    expected.set('bob', {
      event_type: 'login',
      event_name: 'login-success',
      user_id: 'bob',
      user_valid: true,
      session: hmac(HMAC_KEY, newSession, 32),
      user_agent: sentHeader('user-agent'),
      referrer: `http://127.0.0.1:${relay.port}/login`,
      remote_addr: '127.0.0.1',
      header_keys: sent.headers.map(([name]) => tcellKey(name)),
      document_uri: '/login?lang=&x=',
      password_id: hmac(PASSWORD_KEY, `${APP_ID}:hunter2-but-longer:bob`, 8),
    });

    // 3. Raw client, unknown user, no cookie and no referrer: a fresh session, no referrer key.
    const malloryBody = formBody('mallory', 'guess');
    const malloryHeaders: [string, string][] = [
      ['User-Agent', 'frameworks-test/1.0 (mallory)'],
      ['Host', host],
      ['Content-Length', String(Buffer.byteLength(malloryBody))],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Connection', 'close'],
    ];
    const malloryResponse = await sendRawRequest(
      app.port,
      'POST /login HTTP/1.1',
      malloryHeaders,
      malloryBody,
    );
    assert.match(malloryResponse, /^HTTP\/1\.1 401 /);
    expected.set('mallory', {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: 'mallory',
      user_valid: false,
      session: hmac(HMAC_KEY, cookieFromRaw(malloryResponse), 32),
      user_agent: 'frameworks-test/1.0 (mallory)',
      remote_addr: '127.0.0.1',
      header_keys: malloryHeaders.map(([name]) => tcellKey(name)),
      document_uri: '/login',
      password_id: hmac(PASSWORD_KEY, `${APP_ID}:guess:mallory`, 8),
    });
  } finally {
    await relay.close();
    await app.stop('SIGTERM');
    await collector.close();
  }

  const records = new Map<string, Record<string, unknown>>();
  for (const record of readJsonLines(eventsFile)) {
    assert.ok(!records.has(String(record.user_id)), `two events for ${String(record.user_id)}`);
    records.set(String(record.user_id), record);
  }
  return { records, expected, spans: collector.spans(), stderr: app.output().stderr };
}

function findCaptured(requests: CapturedRequest[], prefix: string): CapturedRequest {
  const found = requests.find((request) => request.requestLine.startsWith(prefix));
  assert.ok(found, `the relay saw no request starting with ${prefix}`);
  return found;
}

/** Asserts that a user's record has exactly the expected tCell fields plus time and ids. */
export function assertEveryField(run: LoginScenarioRun, userId: string): void {
  const record = run.records.get(userId);
  assert.ok(record, `no event for ${userId}; stderr:\n${run.stderr}`);
  const { event_time: time, trace_id: traceId, span_id: spanId, ...fields } = record;
  assert.deepStrictEqual(fields, run.expected.get(userId));
  assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(String(traceId), /^[0-9a-f]{32}$/);
  assert.match(String(spanId), /^[0-9a-f]{16}$/);
}

/**
 * Asserts that every event sits on the HTTP server span of its request (kind server, no
 * parent: the clients sent no trace context), and that each request's span has it once.
 */
export function assertOnServerSpans(run: LoginScenarioRun): void {
  assert.strictEqual(run.records.size, run.expected.size);
  for (const [userId, record] of run.records) {
    const span = run.spans.find(
      (candidate) => candidate.spanId === record.span_id && candidate.traceId === record.trace_id,
    );
    assert.ok(span, `no exported span ${String(record.span_id)} for ${userId}`);
    assert.strictEqual(span.kind, 2, `${userId}'s event is on a span of kind ${span.kind}`);
    assert.strictEqual(span.parentSpanId, undefined);
    assert.deepStrictEqual(
      span.eventNames.filter((name) => name === 'tcell.login'),
      ['tcell.login'],
    );
  }
  const loginEvents = run.spans.flatMap((span) =>
    span.eventNames.filter((name) => name === 'tcell.login'),
  );
  assert.strictEqual(loginEvents.length, run.expected.size);
}

/**
 * Asserts that a framework instrumentation was really active: in the trace of every login, a
 * span named by `pattern` sits below the server span that carries the event, so the event did
 * not simply land on the active span.
 */
export function assertFrameworkSpansBelow(run: LoginScenarioRun, pattern: RegExp): void {
  for (const [userId, record] of run.records) {
    const inTrace = run.spans.filter((span) => span.traceId === record.trace_id);
    const frameworkSpan = inTrace.find((span) => pattern.test(span.name));
    assert.ok(frameworkSpan, `no span matching ${String(pattern)} in ${userId}'s trace`);
    assert.notStrictEqual(frameworkSpan.spanId, record.span_id);
    assert.deepStrictEqual(frameworkSpan.eventNames, []);
    let ancestor: CollectedSpan | undefined = frameworkSpan;
    while (ancestor?.parentSpanId !== undefined) {
      const parentId: string = ancestor.parentSpanId;
      ancestor = inTrace.find((span) => span.spanId === parentId);
    }
    assert.strictEqual(ancestor?.spanId, record.span_id);
  }
}
