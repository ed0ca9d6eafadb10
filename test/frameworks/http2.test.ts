import assert from 'node:assert';
import { connect } from 'node:http2';
import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { assertEveryField } from './helpers/login-assertions';
import type { LoginRun } from './helpers/preloaded-app';
import { hmac, startPreloadedApp, tcellKey, TEST_KEYS } from './helpers/preloaded-app';

interface Http2Reply {
  status: number;
  headers: IncomingHttpHeaders;
}

/** One request on an h2c session; headers are sent in the order of the object's keys. */
function request(session: ClientHttp2Session, headers: OutgoingHttpHeaders, body = '') {
  return new Promise<Http2Reply>((done, fail) => {
    const stream = session.request(headers);
    let reply: Http2Reply | undefined;
    stream.on('response', (responseHeaders) => {
      reply = { status: Number(responseHeaders[':status']), headers: responseHeaders };
    });
    stream.on('data', () => undefined);
    stream.on('end', () => (reply === undefined ? fail(new Error('no response')) : done(reply)));
    stream.on('error', fail);
    // GET streams are ended by the request call itself.
    if (!stream.writableEnded) stream.end(body);
  });
}

function sessionFrom(reply: Http2Reply): string {
  const cookie = [reply.headers['set-cookie'] ?? []].flat().join(';');
  const match = /sid=([^;]+)/.exec(cookie);
  assert.ok(match, 'no session cookie');
  return match[1];
}

describe('sendHttpLoginEvent over node:http2', () => {
  let run: LoginRun;

  before(async () => {
    const { app, finish } = await startPreloadedApp({
      script: 'build/examples/http2-login/app.js',
    });
    const expected = new Map<string, Record<string, unknown>>();
    const session = connect(`http://127.0.0.1:${app.port}`);
    const { appId, hmacKey, passwordKey } = TEST_KEYS;
    try {
      const page = await request(session, { ':method': 'GET', ':path': '/login' });
      const firstSession = sessionFrom(page);

      // Regular headers in an order of this test's choosing; pseudo-headers come first.
      const failureBody = 'username=carol&password=wrong';
      const failureHeaders: OutgoingHttpHeaders = {
        ':method': 'POST',
        ':path': '/login?next=/home&lang=en',
        'x-client-hint': 'h2',
        cookie: `sid=${firstSession}`,
        'user-agent': 'frameworks-test/1.0 (h2)',
        referer: `http://127.0.0.1:${app.port}/login?from=mail`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      };
      assert.strictEqual((await request(session, failureHeaders, failureBody)).status, 401);
      expected.set('carol', {
        event_type: 'login',
        event_name: 'login-failure',
        user_id: 'carol',
        user_valid: true,
        session: hmac(hmacKey, firstSession, 32),
        user_agent: 'frameworks-test/1.0 (h2)',
        referrer: `http://127.0.0.1:${app.port}/login?from=`,
        remote_addr: '127.0.0.1',
        header_keys: Object.keys(failureHeaders)
          .filter((name) => !name.startsWith(':'))
          .map(tcellKey),
        document_uri: '/login?next=&lang=',
        password_id: hmac(passwordKey, `${appId}:wrong:carol`, 8),
      });

      const successHeaders: OutgoingHttpHeaders = {
        ':method': 'POST',
        ':path': '/login',
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'frameworks-test/1.0 (h2)',
        cookie: `sid=${firstSession}`,
      };
      const success = await request(
        session,
        successHeaders,
        'username=bob&password=hunter2-but-longer',
      );
      assert.strictEqual(success.status, 303);
      expected.set('bob', {
        event_type: 'login',
        event_name: 'login-success',
        user_id: 'bob',
        user_valid: true,
        session: hmac(hmacKey, sessionFrom(success), 32),
        user_agent: 'frameworks-test/1.0 (h2)',
        remote_addr: '127.0.0.1',
        header_keys: ['CONTENT_TYPE', 'USER_AGENT', 'COOKIE'],
        document_uri: '/login',
        password_id: hmac(passwordKey, `${appId}:hunter2-but-longer:bob`, 8),
      });
    } finally {
      session.close();
      run = await finish(expected);
    }
  });

  it('should record every tCell field, header keys in received order without pseudo-headers', () => {
    assertEveryField(run, 'carol');
    assertEveryField(run, 'bob');
  });

  it('should put each event once on the server span the app opened for the stream', () => {
    for (const record of run.records.values()) {
      const span = run.spans.find((candidate) => candidate.spanId === record.span_id);
      assert.ok(span);
      assert.strictEqual(span.kind, 2);
      assert.strictEqual(span.name, 'POST /login');
      assert.deepStrictEqual(span.eventNames, ['tcell.login']);
    }
    const events = run.spans.flatMap((span) => span.eventNames);
    assert.strictEqual(events.filter((name) => name === 'tcell.login').length, 2);
  });
});

describe('sendHttpLoginEvent over node:http2 without a span', () => {
  it('should still record the login through the log path, with no span to carry it', async () => {
    const { app, finish } = await startPreloadedApp({
      script: 'build/test/frameworks/fixtures/http2-no-span-app.js',
    });
    const session = connect(`http://127.0.0.1:${app.port}`);
    try {
      const reply = await request(session, { ':method': 'POST', ':path': '/login' }, 'x');
      assert.strictEqual(reply.status, 401);
    } finally {
      session.close();
    }
    const run = await finish(new Map());
    assert.strictEqual(run.records.size, 1);
    const record = run.records.get('alice');
    assert.ok(record !== undefined);
    assert.strictEqual(record.event_name, 'login-failure');
    assert.strictEqual(record.remote_addr, '127.0.0.1');
    assert.strictEqual(record.span_id, undefined, 'no span, so no span id');
    assert.ok(
      (record.header_keys as string[]).every((key) => !key.startsWith(':')),
      'no pseudo-headers',
    );
    assert.doesNotMatch(run.stderr, /tcell-hooks no-span/);
  });
});
