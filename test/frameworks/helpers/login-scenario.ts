import assert from 'node:assert';
import { sendRawRequest } from '../../helpers/raw-http';
import { startCaptureRelay } from './capture-relay';
import type { CapturedRequest } from './capture-relay';
import type { LoginAppCase, LoginRun } from './preloaded-app';
import { hmac, startPreloadedApp, tcellKey, TEST_KEYS } from './preloaded-app';

const { appId: APP_ID, hmacKey: HMAC_KEY, passwordKey: PASSWORD_KEY } = TEST_KEYS;

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
export async function runLoginScenario(appCase: LoginAppCase): Promise<LoginRun> {
  const { app, finish } = await startPreloadedApp(appCase);
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
  } catch (error) {
    // Stop the app anyway, so a failed run leaves no process behind.
    await finish(expected).catch(() => undefined);
    throw error;
  } finally {
    await relay.close();
  }
  return finish(expected);
}

function findCaptured(requests: CapturedRequest[], prefix: string): CapturedRequest {
  const found = requests.find((request) => request.requestLine.startsWith(prefix));
  assert.ok(found, `the relay saw no request starting with ${prefix}`);
  return found;
}
