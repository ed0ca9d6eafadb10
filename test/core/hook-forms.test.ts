import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import { sendRawRequest } from '../helpers/raw-http';

const run = promisify(execFile);
const FIXTURE_APP = 'build/test/fixtures/minimal-login-app.js';
const NO_SDK_SCRIPT = 'build/test/fixtures/hooks-without-sdk.js';
const PRELOAD = ['--require', 'tcell-hooks/register'];

describe('sendLoginEvent({ status, userId, sessionId }) inside a handler', function () {
  this.timeout(30000);

  it('should fill in every request detail from the request being served', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_HMAC_KEY: 'fill-in-key', TCELL_EVENTS_FILE: eventsFile },
    });
    try {
      const headers = [
        ['Host', 'login.example'],
        ['Accept-Language', 'en'],
        ['user-agent', 'Fill-In-Agent/3'],
        ['REFERER', 'https://login.example/form?step=2'],
        ['Accept-Language', 'de'],
        ['Connection', 'close'],
      ] as const;
      const response = await sendRawRequest(
        app.port,
        'POST /session/login?status=failure&user=dora&sid=raw-sid-1 HTTP/1.1',
        headers,
      );
      assert.match(response, /^HTTP\/1\.1 204 /);
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      assert.equal(events.length, 1);
      const [event] = events;
      assert.equal(event.event_name, 'login-failure');
      assert.equal(event.user_id, 'dora');
      assert.equal(
        event.session,
        createHmac('sha256', 'fill-in-key').update('raw-sid-1').digest('hex').slice(0, 32),
      );
      assert.deepEqual(event.header_keys, [
        'HOST',
        'ACCEPT_LANGUAGE',
        'USER_AGENT',
        'REFERER',
        'ACCEPT_LANGUAGE',
        'CONNECTION',
      ]);
      assert.equal(event.user_agent, 'Fill-In-Agent/3');
      assert.equal(event.referrer, 'https://login.example/form?step=');
      assert.equal(event.remote_addr, '127.0.0.1');
      assert.equal(event.document_uri, '/session/login?status=&user=&sid=');
      assert.equal('user_valid' in event, false);
      assert.equal('password_id' in event, false);
    } finally {
      await app.stop('SIGKILL');
    }
  });

  it('should record nothing for an unknown status and log one diagnostic naming it', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_HMAC_KEY: 'k', TCELL_EVENTS_FILE: eventsFile },
    });
    try {
      for (const status of ['bogus', 'bogus', 'success']) {
        const response = await fetch(`${app.baseUrl}/session/login?status=${status}&user=u&sid=s`, {
          method: 'POST',
        });
        assert.equal(response.status, 204);
      }
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      assert.deepEqual(
        events.map((event) => event.event_name),
        ['login-success'],
      );
      const lines = app
        .output()
        .stderr.split('\n')
        .filter((line) => line.includes('unknown login status'));
      assert.equal(lines.length, 1, app.output().stderr);
      assert.match(lines[0], /tcell-hooks unknown-login-status: unknown login status "bogus"/);
    } finally {
      await app.stop('SIGKILL');
    }
  });
});

describe('the hooks with no SDK registered', function () {
  this.timeout(30000);

  async function runScript(
    nodeArgs: string[],
    env: Record<string, string>,
  ): Promise<{
    threw: boolean;
    hmacCalls: number;
    results: unknown[];
  }> {
    const { stdout } = await run(process.execPath, [...nodeArgs, NO_SDK_SCRIPT], {
      cwd: REPO_ROOT,
      env: cleanEnv(env),
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as never;
  }

  it('should do nothing, compute no HMAC and never throw', async () => {
    const outcome = await runScript([], { TCELL_HMAC_KEY: 'k' });
    assert.deepEqual(outcome, { threw: false, hmacCalls: 0, results: Array(7).fill(null) });
  });

  it('should do nothing under the preload when TCELL_AGENT_ENABLED=false', async () => {
    const outcome = await runScript(PRELOAD, { TCELL_HMAC_KEY: 'k', TCELL_AGENT_ENABLED: 'false' });
    assert.equal(outcome.threw, false);
    assert.equal(outcome.hmacCalls, 0);
  });

  it('should record calls outside a traced request through the log path when enabled', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const outcome = await runScript(PRELOAD, {
      TCELL_HMAC_KEY: 'k',
      TCELL_EVENTS_FILE: eventsFile,
    });
    assert.equal(outcome.threw, false);
    // Three calls are valid and carry a session id; the bad ones cost nothing.
    assert.equal(outcome.hmacCalls, 3);
    const events = readJsonLines(eventsFile);
    assert.deepEqual(
      events.map((event) => [event.event_name, event.session]),
      [
        ['login-success', createHmac('sha256', 'k').update('s').digest('hex').slice(0, 32)],
        ['login-failure', createHmac('sha256', 'k').update('session').digest('hex').slice(0, 32)],
        ['login-success', createHmac('sha256', 'k').update('s').digest('hex').slice(0, 32)],
      ],
    );
    assert.equal(events[1].remote_addr, '10.0.0.1');
    assert.equal(events[2].document_uri, '/login?x=');
  });

  it('should hash inside a recording span too (the counter counts every call)', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const outcome = await runScript(PRELOAD, {
      TCELL_HMAC_KEY: 'k',
      TCELL_EVENTS_FILE: eventsFile,
      FIXTURE_INSIDE_SPAN: '1',
    });
    assert.equal(outcome.threw, false);
    assert.equal(outcome.hmacCalls, 4);
  });

  it('should not hash inside a span when the preload is disabled', async () => {
    const outcome = await runScript(PRELOAD, {
      TCELL_HMAC_KEY: 'k',
      TCELL_AGENT_ENABLED: 'false',
      FIXTURE_INSIDE_SPAN: '1',
    });
    assert.equal(outcome.hmacCalls, 0);
  });
});
