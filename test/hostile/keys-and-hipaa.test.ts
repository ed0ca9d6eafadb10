import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import { assertValidRecord } from '../helpers/schema';
import { diagnosticLines, LOGIN_APP, PRELOAD } from './child-apps';

const hmac32 = (key: string, message: string): string =>
  createHmac('sha256', key).update(message).digest('hex').slice(0, 32);

/** Runs the fixture app under the preload, posts the logins, stops it; returns its events. */
async function runLogins(
  env: Record<string, string>,
  logins: Array<Record<string, unknown>>,
  headers: Record<string, string> = {},
): Promise<{ records: Record<string, unknown>[]; output: string }> {
  const eventsFile = join(tempFolder(), 'events.jsonl');
  const app = await startApp(LOGIN_APP, {
    nodeArgs: PRELOAD,
    env: { ...env, TCELL_EVENTS_FILE: eventsFile },
  });
  for (const fields of logins) {
    const response = await fetch(`${app.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(fields),
    });
    assert.strictEqual(response.status, 200);
    await response.text();
  }
  await app.stop('SIGTERM');
  const records = readJsonLines(eventsFile);
  records.forEach(assertValidRecord);
  const { stdout, stderr } = app.output();
  return { records, output: stdout + stderr };
}

describe('session keys under the preload', function () {
  this.timeout(40_000);

  it('should warn once and use one random key per process with no key or app id', async () => {
    const logins = [
      { status: 'failure', sessionId: 'same-session' },
      { status: 'failure', sessionId: 'same-session' },
      { status: 'success', sessionId: 'same-session' },
    ];
    const first = await runLogins({}, logins);
    const second = await runLogins({}, logins.slice(0, 1));

    assert.strictEqual(diagnosticLines(first.output, 'no-hmac-key').length, 1);
    assert.strictEqual(first.records.length, 3);
    const sessions = new Set(first.records.map((record) => record.session));
    assert.strictEqual(sessions.size, 1, 'one key for the life of the process');
    assert.notStrictEqual(second.records[0].session, first.records[0].session);
    for (const guess of ['', 'undefined', 'same-session']) {
      assert.notStrictEqual(first.records[0].session, hmac32(guess, 'same-session'));
    }
  });

  it('should key the session HMAC with TCELL_HMAC_KEY, else the app id, silently', async () => {
    const login = [{ status: 'failure', sessionId: 'sid-9' }];
    const byKey = await runLogins({ TCELL_HMAC_KEY: 'hk', TCELL_AGENT_APP_ID: 'app' }, login);
    const byApp = await runLogins({ TCELL_AGENT_APP_ID: 'app' }, login);
    assert.strictEqual(byKey.records[0].session, hmac32('hk', 'sid-9'));
    assert.strictEqual(byApp.records[0].session, hmac32('app', 'sid-9'));
    assert.deepStrictEqual(diagnosticLines(byKey.output + byApp.output, 'no-hmac-key'), []);
  });
});

describe('HIPAA-safe mode under the preload', function () {
  this.timeout(30_000);

  it('should send user id and referrer as HMACs with the session key and length', async () => {
    const { records } = await runLogins(
      { TCELL_HMAC_KEY: 'hipaa-key', TCELL_HIPAA_SAFE_MODE: 'true' },
      [{ status: 'success', userId: 'patient-0042', sessionId: 'hipaa-sid' }],
      { referer: 'https://clinic.example/record?patient=0042&view=full#notes' },
    );
    assert.strictEqual(records.length, 1);
    assert.strictEqual(records[0].user_id, hmac32('hipaa-key', 'patient-0042'));
    assert.strictEqual(
      records[0].referrer,
      hmac32('hipaa-key', 'https://clinic.example/record?patient=&view='),
    );
    assert.strictEqual(records[0].session, hmac32('hipaa-key', 'hipaa-sid'));
  });

  it('should send them in clear without the mode, referrer query values stripped', async () => {
    const { records } = await runLogins(
      { TCELL_HMAC_KEY: 'hipaa-key' },
      [{ status: 'success', userId: 'patient-0042', sessionId: 'hipaa-sid' }],
      { referer: 'https://clinic.example/record?patient=0042&view=full#notes' },
    );
    assert.strictEqual(records[0].user_id, 'patient-0042');
    assert.strictEqual(records[0].referrer, 'https://clinic.example/record?patient=&view=');
  });
});
