import assert from 'node:assert';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import type { AppProcess } from '../helpers/app-process';
import { assertValidRecord } from '../helpers/schema';
import {
  EXPRESS_APP,
  LOGIN_APP,
  otlpCount,
  PRELOAD,
  postLogin,
  startOtlpRecorder,
  waitFor,
} from './child-apps';
import type { OtlpRecorder } from './child-apps';

const HMAC_KEY = 'canary-session-key';
const APP_ID = 'canary-app';
const PASSWORD_KEY = 'canary-password-key';

const hmac32 = (message: string): string =>
  createHmac('sha256', HMAC_KEY).update(message).digest('hex').slice(0, 32);
const canary = (kind: string): string => `${kind}${randomBytes(10).toString('hex')}`;

/** Every form a canary could take in a byte stream: raw, hex, base64, base64url, URL-encoded. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    secret,
    bytes.toString('hex'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    encodeURIComponent(secret),
  ];
}

/**
 * Named byte streams that leave the app: the JSON Lines file, OTLP (traces and logs), the tCell
 * ingest endpoint (bodies unzipped) and everything printed. A new way out is one more entry.
 */
type ByteStreams = Record<string, () => Buffer>;

function streamsOf(
  app: AppProcess,
  eventsFile: string,
  otlp: OtlpRecorder,
  ingest: OtlpRecorder,
): ByteStreams {
  return {
    jsonl: () => (existsSync(eventsFile) ? readFileSync(eventsFile) : Buffer.alloc(0)),
    otlp: () => Buffer.concat(otlp.bodies),
    ingest: () => Buffer.concat(ingest.bodies),
    stdout: () => Buffer.from(app.output().stdout),
    stderr: () => Buffer.from(app.output().stderr),
  };
}

function assertNoCanary(streams: ByteStreams, canaries: readonly string[]): void {
  for (const [name, read] of Object.entries(streams)) {
    const text = read().toString('latin1') + read().toString('utf8');
    for (const secret of canaries) {
      for (const form of encodings(secret)) {
        assert.ok(!text.includes(form), `a canary (${form.slice(0, 6)}...) leaked into ${name}`);
      }
    }
  }
}

function preloadEnv(
  eventsFile: string,
  otlp: OtlpRecorder,
  ingest: OtlpRecorder,
): Record<string, string> {
  return {
    TCELL_INPUT_URL: `${ingest.url}/api/v1/events`,
    TCELL_AGENT_API_KEY: 'canary-api-key',
    TCELL_EVENTS_FILE: eventsFile,
    TCELL_HMAC_KEY: HMAC_KEY,
    TCELL_AGENT_APP_ID: APP_ID,
    TCELL_PASSWORD_HMAC_KEY: PASSWORD_KEY,
    TCELL_HIPAA_SAFE_MODE: 'true',
    TCELL_LOG_LEVEL: 'debug',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
}

function sessionCookie(response: Response): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^sid=([^;]+)/.exec(cookie);
    if (match !== null) return match[1];
  }
  return undefined;
}

/** What a run of logins sent, and what its records must hold (hashes computed here). */
interface LoginRun {
  canaries: string[];
  expectedSessions: Set<string>;
  expectedUsers: Set<string>;
  expectedPasswordIds: Set<string>;
}

/**
 * Logs in `logins` times to the Express example, ten at a time: every fourth login is the real
 * account, the others canary user names and passwords.
 */
async function runLogins(baseUrl: string, logins: number): Promise<LoginRun> {
  const canaries: string[] = [];
  const expectedSessions = new Set<string>();
  const expectedUsers = new Set<string>();
  const expectedPasswordIds = new Set<string>();

  const oneLogin = async (index: number): Promise<void> => {
    const page = await fetch(`${baseUrl}/login`);
    await page.text();
    const sessionId = sessionCookie(page);
    assert.ok(sessionId !== undefined, 'the example sets a session cookie');
    // Every fourth login is a real account with its real password: success, new session.
    const success = index % 4 === 0;
    const username = success ? 'bob' : canary('cuser');
    const password = success ? 'hunter2-but-longer' : canary('cpass');
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: `sid=${sessionId}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ username, password }).toString(),
    });
    await response.text();
    const loggedIn = sessionCookie(response);
    canaries.push(sessionId, password, ...(success ? [] : [username]));
    if (loggedIn !== undefined) canaries.push(loggedIn);
    expectedSessions.add(hmac32(loggedIn ?? sessionId));
    // HIPAA-safe mode: the user id goes out as its HMAC under the session key.
    expectedUsers.add(hmac32(username));
    expectedPasswordIds.add(
      createHmac('sha256', PASSWORD_KEY)
        .update(`${APP_ID}:${password}:${username}`)
        .digest('hex')
        .slice(0, 8),
    );
  };
  for (let batch = 0; batch < logins; batch += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, offset) => oneLogin(batch + offset)));
  }
  return { canaries, expectedSessions, expectedUsers, expectedPasswordIds };
}

describe('canaries under a burst of logins', function () {
  this.timeout(60_000);
  let otlp: OtlpRecorder;
  // The recorder keeps any POST body, so it serves as the tCell ingest endpoint too.
  let ingest: OtlpRecorder;
  let app: AppProcess | undefined;

  beforeEach(async () => {
    otlp = await startOtlpRecorder();
    ingest = await startOtlpRecorder();
  });
  afterEach(async () => {
    await app?.stop('SIGKILL');
    app = undefined;
    await otlp.close();
    await ingest.close();
  });

  it('should let no password, session id or HIPAA user id out of the Express example', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    app = await startApp(EXPRESS_APP, {
      nodeArgs: PRELOAD,
      env: preloadEnv(eventsFile, otlp, ingest),
    });
    const logins = 40;
    const { canaries, expectedSessions, expectedUsers, expectedPasswordIds } = await runLogins(
      app.baseUrl,
      logins,
    );
    // Every login on the OTLP wire before the stop, so the scan sees all of it.
    await waitFor(() => otlpCount(otlp, '"tcell.login"') >= logins, 'OTLP login events');
    await waitFor(() => otlpCount(ingest, '"event_type"') >= logins, 'ingest login events');
    await app.stop('SIGTERM');

    const records = readJsonLines(eventsFile);
    assert.strictEqual(records.length, logins);
    records.forEach(assertValidRecord);
    assert.deepStrictEqual(new Set(records.map((record) => record.session)), expectedSessions);
    assert.deepStrictEqual(new Set(records.map((record) => record.user_id)), expectedUsers);
    assert.deepStrictEqual(
      new Set(records.map((record) => record.password_id)),
      expectedPasswordIds,
    );
    const streams = streamsOf(app, eventsFile, otlp, ingest);
    // The streams really hold the traffic: OTLP carries the events, stderr the debug lines.
    const otlpText = streams.otlp().toString('utf8');
    assert.ok(otlpText.includes('tcell.login'));
    const ingestText = streams.ingest().toString('utf8');
    for (const session of expectedSessions) {
      assert.ok(otlpText.includes(session));
      assert.ok(ingestText.includes(session));
    }
    assert.ok(streams.stdout().toString().includes('tcell-hooks started'));
    assertNoCanary(streams, canaries);
  });

  it('should let no password or session id out of logins finished after the hook', async () => {
    // No tracing and no OTLP: no span or log event takes the login, so its hashing and
    // delivery run after the hook returned (the processor's deferred batch).
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const env = preloadEnv(eventsFile, otlp, ingest);
    delete (env as Partial<typeof env>).OTEL_EXPORTER_OTLP_ENDPOINT;
    app = await startApp(EXPRESS_APP, {
      nodeArgs: PRELOAD,
      env: { ...env, TCELL_TRACING: 'false' },
    });
    const logins = 20;
    const { canaries, expectedSessions, expectedUsers, expectedPasswordIds } = await runLogins(
      app.baseUrl,
      logins,
    );
    await waitFor(() => otlpCount(ingest, '"event_type"') >= logins, 'ingest login events');
    await app.stop('SIGTERM');

    const records = readJsonLines(eventsFile);
    assert.strictEqual(records.length, logins);
    records.forEach(assertValidRecord);
    assert.deepStrictEqual(new Set(records.map((record) => record.session)), expectedSessions);
    assert.deepStrictEqual(new Set(records.map((record) => record.user_id)), expectedUsers);
    assert.deepStrictEqual(
      new Set(records.map((record) => record.password_id)),
      expectedPasswordIds,
    );
    assert.strictEqual(otlp.bodies.length, 0);
    assertNoCanary(streamsOf(app, eventsFile, otlp, ingest), canaries);
  });

  it('should let no attacker-chosen session id or password out of a bare http app', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    app = await startApp(LOGIN_APP, {
      nodeArgs: PRELOAD,
      env: preloadEnv(eventsFile, otlp, ingest),
    });
    const canaries: string[] = [];
    const logins = 60;
    await Promise.all(
      Array.from({ length: logins }, async (_, index) => {
        const fields = {
          status: index % 2 === 0 ? 'success' : 'failure',
          userId: canary('huser'),
          sessionId: canary('hsess'),
          password: canary('hpass'),
        };
        canaries.push(fields.userId, fields.sessionId, fields.password);
        await postLogin(app!.baseUrl, fields);
      }),
    );
    await waitFor(() => otlpCount(otlp, '"tcell.login"') >= logins, 'OTLP login events');
    await waitFor(() => otlpCount(ingest, '"event_type"') >= logins, 'ingest login events');
    await app.stop('SIGTERM');

    const records = readJsonLines(eventsFile);
    assert.strictEqual(records.length, logins);
    records.forEach(assertValidRecord);
    const streams = streamsOf(app, eventsFile, otlp, ingest);
    assertNoCanary(streams, canaries);
  });
});
