import assert from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { AppProcess } from '../helpers/app-process';
import { REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import {
  cookieFrom,
  expectedPasswordId,
  expectedSessionHmac,
  tcellFieldsOf,
  TEST_KEYS,
  waitForNewEvents,
} from './login-events';
import type { WireRelay, WireRequest } from './wire-relay';
import { headerValue, startWireRelay, tcellKeysOf } from './wire-relay';

const CHROMIUM = '/usr/bin/chromium';
const CURL = '/usr/bin/curl';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ALICE_PASSWORD = 'correct horse battery staple';

/** The last login form POST that crossed the relay. */
function lastLoginPost(relay: WireRelay): WireRequest {
  const posts = relay.requests.filter(
    ({ method, target }) => method === 'POST' && target === '/login',
  );
  assert.ok(posts.length > 0, 'no POST /login crossed the relay');
  return posts[posts.length - 1];
}

describe('header_keys from real clients', function () {
  this.timeout(60000);
  let app: AppProcess;
  let relay: WireRelay;
  let eventsFile: string;
  let seen = 0;
  /** Header orders each client sent, in tCell form, for the comparison at the end. */
  const orders = new Map<string, string[]>();

  before(async () => {
    eventsFile = join(tempFolder(), 'events.jsonl');
    app = await startApp(join(REPO_ROOT, 'build/examples/express-login/app.js'), {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { ...TEST_KEYS, TCELL_EVENTS_FILE: eventsFile },
    });
    relay = await startWireRelay(app.port);
  });

  after(async () => {
    await relay?.close();
    await app?.stop();
  });

  async function nextEvent(): Promise<Record<string, unknown>> {
    const events = await waitForNewEvents(eventsFile, seen);
    seen += events.length;
    assert.strictEqual(events.length, 1, 'one login, one event');
    return events[0];
  }

  it('should record the order in which Chromium sent the login form headers', async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`SKIPPED: no Chromium at ${CHROMIUM}; install it with apt-get install chromium`);
      this.skip();
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${relay.baseUrl}/login`);
      await page.fill('input[name=username]', 'alice');
      await page.fill('input[name=password]', ALICE_PASSWORD);
      await Promise.all([page.waitForURL(`${relay.baseUrl}/`), page.click('button[type=submit]')]);
      assert.match((await page.textContent('#message')) ?? '', /Signed in as alice/);

      const sessionId = (await context.cookies()).find(({ name }) => name === 'sid')?.value;
      assert.ok(sessionId, 'Chromium holds the session cookie set at login');
      const post = lastLoginPost(relay);
      const event = await nextEvent();

      assert.deepStrictEqual(tcellFieldsOf(event), {
        event_type: 'login',
        event_name: 'login-success',
        user_id: 'alice',
        user_valid: true,
        session: expectedSessionHmac(sessionId),
        user_agent: headerValue(post, 'user-agent'),
        referrer: `${relay.baseUrl}/login`,
        remote_addr: '127.0.0.1',
        header_keys: tcellKeysOf(post),
        document_uri: '/login',
        password_id: expectedPasswordId(ALICE_PASSWORD, 'alice'),
      });
      // Chromium's own traits, so a relay that lost or reordered headers would show.
      assert.strictEqual(headerValue(post, 'origin'), relay.baseUrl);
      assert.deepStrictEqual(tcellKeysOf(post).slice(0, 2), ['HOST', 'CONNECTION']);
      orders.set('chromium', tcellKeysOf(post));
    } finally {
      await browser.close();
    }
  });

  it('should record the order in which curl sent the login form headers', async () => {
    const { stdout } = await promisify(execFile)(CURL, [
      '--silent',
      '--dump-header',
      '-',
      '--output',
      '/dev/null',
      '--data',
      'username=bob&password=not-his-password',
      `${relay.baseUrl}/login`,
    ]);
    const setCookies = stdout
      .split('\r\n')
      .filter((line) => /^set-cookie:/i.test(line))
      .map((line) => line.slice(line.indexOf(':') + 1).trim());
    const sessionId = cookieFrom(setCookies, 'sid');
    assert.ok(sessionId, 'the failed login set a session cookie');
    const post = lastLoginPost(relay);
    const event = await nextEvent();

    assert.deepStrictEqual(tcellFieldsOf(event), {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: 'bob',
      user_valid: true,
      session: expectedSessionHmac(sessionId),
      user_agent: headerValue(post, 'user-agent'),
      remote_addr: '127.0.0.1',
      header_keys: tcellKeysOf(post),
      document_uri: '/login',
      password_id: expectedPasswordId('not-his-password', 'bob'),
    });
    assert.match(headerValue(post, 'user-agent') ?? '', /^curl\//);
    orders.set('curl', tcellKeysOf(post));
  });

  it("should record the order in which node's fetch sent the login form headers", async () => {
    const response = await fetch(`${relay.baseUrl}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'mallory', password: 'guess-1' }),
    });
    assert.strictEqual(response.status, 401);
    await response.text();
    const sessionId = cookieFrom(response.headers.getSetCookie(), 'sid');
    assert.ok(sessionId, 'the failed login set a session cookie');
    const post = lastLoginPost(relay);
    const event = await nextEvent();

    assert.deepStrictEqual(tcellFieldsOf(event), {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: 'mallory',
      user_valid: false,
      session: expectedSessionHmac(sessionId),
      user_agent: headerValue(post, 'user-agent'),
      remote_addr: '127.0.0.1',
      header_keys: tcellKeysOf(post),
      document_uri: '/login',
      password_id: expectedPasswordId('guess-1', 'mallory'),
    });
    // undici writes names in lower case: the wire shows it, tCell's form upper-cases them.
    assert.ok(post.headers.every(([name]) => name === name.toLowerCase()));
    orders.set('fetch', tcellKeysOf(post));
  });

  it('should see a distinct order from each client', () => {
    const clients = [...orders.keys()];
    assert.ok(clients.includes('curl') && clients.includes('fetch'), 'curl and fetch ran');
    for (const [index, first] of clients.entries()) {
      for (const second of clients.slice(index + 1)) {
        assert.notDeepStrictEqual(orders.get(first), orders.get(second), `${first} vs ${second}`);
      }
    }
  });
});
