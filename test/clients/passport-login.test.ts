import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppProcess } from '../helpers/app-process';
import { readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import {
  cookieFrom,
  expectedPasswordId,
  expectedSessionHmac,
  tcellFieldsOf,
  TEST_KEYS,
  waitForNewEvents,
} from './login-events';
import type { WireRelay } from './wire-relay';
import { headerValue, startWireRelay, tcellKeysOf } from './wire-relay';

const SESSION_SECRET = 'passport-example-test-secret';
const APP_SOURCE = join(REPO_ROOT, 'examples/passport-login/app.ts');
const APP_SCRIPT = join(REPO_ROOT, 'build/examples/passport-login/app.js');

/**
 * The session id inside express-session's signed cookie (`s:<id>.<signature>`), after checking
 * the signature with the secret the test gave the app: the id is read, not trusted.
 */
function sessionIdFromCookie(value: string): string {
  assert.ok(value.startsWith('s:'), `signed session cookie: ${value}`);
  const dot = value.lastIndexOf('.');
  const sessionId = value.slice(2, dot);
  const signature = createHmac('sha256', SESSION_SECRET)
    .update(sessionId)
    .digest('base64')
    .replace(/=+$/, '');
  assert.strictEqual(value.slice(dot + 1), signature, 'the cookie is signed with our secret');
  return sessionId;
}

/** A browser-like visitor with a cookie jar of one cookie. */
class Visitor {
  sessionCookie?: string;

  constructor(private readonly baseUrl: string) {}

  /** Opens the login page; returns its CSRF token and the session id the page started. */
  async openLoginPage(): Promise<{ csrfToken: string; sessionId: string }> {
    const response = await this.send('GET', '/login');
    const html = await response.text();
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(csrfToken, 'the login page carries a CSRF token');
    assert.ok(this.sessionCookie, 'the login page started a session');
    return { csrfToken, sessionId: sessionIdFromCookie(this.sessionCookie) };
  }

  /** Submits the login form; returns where it redirects to. */
  async submit(fields: Record<string, string>): Promise<string | null> {
    const response = await this.send('POST', '/login', new URLSearchParams(fields), {
      Referer: `${this.baseUrl}/login?next=/account&lang=en`,
    });
    await response.text();
    assert.strictEqual(response.status, 302);
    return response.headers.get('location');
  }

  async send(
    method: string,
    path: string,
    body?: URLSearchParams,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const cookie: Record<string, string> =
      this.sessionCookie === undefined ? {} : { Cookie: `sid=${this.sessionCookie}` };
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { ...headers, ...cookie },
    });
    this.sessionCookie = cookieFrom(response.headers.getSetCookie(), 'sid') ?? this.sessionCookie;
    return response;
  }
}

describe('passport login events (examples/passport-login, TCELL_PASSPORT=true)', function () {
  this.timeout(30000);
  let app: AppProcess;
  let relay: WireRelay;
  let eventsFile: string;
  let seen = 0;

  before(async () => {
    eventsFile = join(tempFolder(), 'events.jsonl');
    app = await startApp(APP_SCRIPT, {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: {
        ...TEST_KEYS,
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_PASSPORT: 'true',
        SESSION_SECRET,
      },
      readyPattern: /passport-login listening on http:\/\/127\.0\.0\.1:(\d+)/,
    });
    relay = await startWireRelay(app.port);
  });

  after(async () => {
    await relay?.close();
    await app?.stop();
  });

  /** The one event of the login just made, and the form POST as it crossed the wire. */
  async function nextEvent(): Promise<[Record<string, unknown>, ReturnType<typeof lastPost>]> {
    const events = await waitForNewEvents(eventsFile, seen);
    seen += events.length;
    assert.strictEqual(events.length, 1, 'one login, one event');
    return [events[0], lastPost()];
  }

  function lastPost() {
    const posts = relay.requests.filter(({ method }) => method === 'POST');
    return posts[posts.length - 1];
  }

  /** Every tCell field the example's login should produce, computed here. */
  function expectedEvent(
    post: ReturnType<typeof lastPost>,
    fields: {
      name: string;
      userId: string;
      userValid?: boolean;
      sessionId: string;
      password: string;
    },
  ): Record<string, unknown> {
    const expected: Record<string, unknown> = {
      event_type: 'login',
      event_name: fields.name,
      user_id: fields.userId,
      user_valid: fields.userValid,
      session: expectedSessionHmac(fields.sessionId),
      user_agent: headerValue(post, 'user-agent'),
      referrer: `${relay.baseUrl}/login?next=&lang=`,
      remote_addr: '127.0.0.1',
      header_keys: tcellKeysOf(post),
      document_uri: '/login',
      password_id: expectedPasswordId(fields.password, fields.userId),
    };
    if (fields.userValid === undefined) delete expected.user_valid;
    return expected;
  }

  it('should have no tcell-hooks call in the example', () => {
    const source = readFileSync(APP_SOURCE, 'utf8');
    assert.doesNotMatch(source, /from 'tcell-hooks|require\('tcell-hooks|LoginEvent\(/);
  });

  it('should record a success with the session id after login regenerated it', async () => {
    const visitor = new Visitor(relay.baseUrl);
    const before = await visitor.openLoginPage();
    const password = 'correct horse battery staple';
    const location = await visitor.submit({
      _csrf: before.csrfToken,
      email: 'alice@example.com',
      password,
    });
    assert.strictEqual(location, '/');
    const after = sessionIdFromCookie(visitor.sessionCookie ?? '');
    assert.notStrictEqual(after, before.sessionId, 'passport regenerated the session');
    const [event, post] = await nextEvent();

    assert.deepStrictEqual(
      tcellFieldsOf(event),
      expectedEvent(post, {
        name: 'login-success',
        userId: 'alice@example.com',
        userValid: true,
        sessionId: after,
        password,
      }),
    );
    const page = await (await visitor.send('GET', '/')).text();
    assert.match(page, /Signed in as alice@example\.com/);
  });

  it('should record a wrong password for a known user as a failure with user_valid true', async () => {
    const visitor = new Visitor(relay.baseUrl);
    const { csrfToken, sessionId } = await visitor.openLoginPage();
    const fields = { _csrf: csrfToken, email: 'bob@example.com', password: 'not-bobs' };
    assert.strictEqual(await visitor.submit(fields), '/login');
    const [event, post] = await nextEvent();

    assert.deepStrictEqual(
      tcellFieldsOf(event),
      expectedEvent(post, {
        name: 'login-failure',
        userId: 'bob@example.com',
        userValid: true,
        sessionId,
        password: 'not-bobs',
      }),
    );
  });

  it('should record an unknown user as a failure with user_valid false', async () => {
    const visitor = new Visitor(relay.baseUrl);
    const { csrfToken, sessionId } = await visitor.openLoginPage();
    await visitor.submit({ _csrf: csrfToken, email: 'mallory@example.com', password: 'guess' });
    const [event, post] = await nextEvent();

    assert.deepStrictEqual(
      tcellFieldsOf(event),
      expectedEvent(post, {
        name: 'login-failure',
        userId: 'mallory@example.com',
        userValid: false,
        sessionId,
        password: 'guess',
      }),
    );
  });

  it('should record a success by the second of stacked strategies, once', async () => {
    const visitor = new Visitor(relay.baseUrl);
    const before = await visitor.openLoginPage();
    const password = 'legacy password 7';
    const fields = { _csrf: before.csrfToken, email: 'dave@legacy.example.com', password };
    assert.strictEqual(await visitor.submit(fields), '/');
    const after = sessionIdFromCookie(visitor.sessionCookie ?? '');
    const [event, post] = await nextEvent();

    assert.deepStrictEqual(
      tcellFieldsOf(event),
      expectedEvent(post, {
        name: 'login-success',
        userId: 'dave@legacy.example.com',
        userValid: true,
        sessionId: after,
        password,
      }),
    );
  });

  it('should record nothing for a form without a password', async () => {
    const visitor = new Visitor(relay.baseUrl);
    const { csrfToken, sessionId } = await visitor.openLoginPage();
    await visitor.submit({ _csrf: csrfToken, email: 'carol@example.com' });
    // A later login of the same visitor is the next event: the first left none.
    await visitor.submit({ _csrf: csrfToken, email: 'carol@example.com', password: 'nope' });
    const [event, post] = await nextEvent();

    assert.deepStrictEqual(
      tcellFieldsOf(event),
      expectedEvent(post, {
        name: 'login-failure',
        userId: 'carol@example.com',
        userValid: true,
        sessionId,
        password: 'nope',
      }),
    );
  });

  it('should record nothing when TCELL_PASSPORT is not set', async () => {
    const otherEvents = join(tempFolder(), 'events.jsonl');
    const plain = await startApp(APP_SCRIPT, {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { ...TEST_KEYS, TCELL_EVENTS_FILE: otherEvents, SESSION_SECRET },
      readyPattern: /passport-login listening on http:\/\/127\.0\.0\.1:(\d+)/,
    });
    try {
      const visitor = new Visitor(plain.baseUrl);
      const { csrfToken } = await visitor.openLoginPage();
      await visitor.submit({ _csrf: csrfToken, email: 'bob@example.com', password: 'x' });
    } finally {
      // Stopping flushes every pending event synchronously at exit.
      await plain.stop();
    }
    assert.deepStrictEqual(readJsonLines(otherEvents), []);
  });
});
