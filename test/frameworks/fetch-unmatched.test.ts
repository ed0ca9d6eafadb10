import assert from 'node:assert';
import { sendRawRequest } from '../helpers/raw-http';
import { assertEveryField, assertOnServerSpans } from './helpers/login-assertions';
import type { LoginRun } from './helpers/preloaded-app';
import { hmac, startPreloadedApp, TEST_KEYS } from './helpers/preloaded-app';

describe('sendFetchLoginEvent with a Request that is not the one being served', () => {
  let run: LoginRun;

  before(async () => {
    const { app, finish } = await startPreloadedApp({
      script: 'build/test/frameworks/fixtures/fetch-mounted-app.js',
    });
    const expected = new Map<string, Record<string, unknown>>();
    const { appId, hmacKey, passwordKey } = TEST_KEYS;
    try {
      const body = 'username=alice&password=nope';
      const response = await sendRawRequest(
        app.port,
        'POST /auth/login?next=/inbox HTTP/1.1',
        [
          ['Host', `127.0.0.1:${app.port}`],
          ['User-Agent', 'frameworks-test/1.0 (mounted)'],
          ['X-Test-Session', 'session-under-test'],
          ['Referer', `http://127.0.0.1:${app.port}/auth/login?step=2`],
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Content-Length', String(body.length)],
          ['Connection', 'close'],
        ],
        body,
      );
      assert.match(response, /^HTTP\/1\.1 401 /);
      // No header_keys and no remote_addr: the Request's URL is not the served request's.
      expected.set('alice', {
        event_type: 'login',
        event_name: 'login-failure',
        user_id: 'alice',
        user_valid: true,
        session: hmac(hmacKey, 'session-under-test', 32),
        user_agent: 'frameworks-test/1.0 (mounted)',
        referrer: `http://127.0.0.1:${app.port}/auth/login?step=`,
        document_uri: '/login?next=',
        password_id: hmac(passwordKey, `${appId}:nope:alice`, 8),
      });
    } finally {
      run = await finish(expected);
    }
  });

  it('should leave out header keys and client address rather than guess them', () => {
    assertEveryField(run, 'alice');
  });

  it('should still put the event once on the HTTP server span', () => {
    assertOnServerSpans(run);
  });
});
