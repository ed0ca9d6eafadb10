import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, readJsonLines, REPO_ROOT, tempFolder } from '../helpers/app-process';

const run = promisify(execFile);
const SCRIPT = 'build/test/no-tracing/fixtures/login-then-exit.js';

async function loginThenExit(
  env: Record<string, string>,
): Promise<{ events: Record<string, unknown>[]; file: string; stderr: string }> {
  const file = join(tempFolder(), 'events.jsonl');
  const { stderr } = await run(process.execPath, ['--require', 'tcell-hooks/register', SCRIPT], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      TCELL_AGENT_APP_ID: 'exit-app',
      TCELL_HMAC_KEY: 'exit-session-key',
      TCELL_PASSWORD_HMAC_KEY: 'exit-password-key',
      TCELL_EVENTS_FILE: file,
      ...env,
    }),
  });
  return { events: readJsonLines(file), file, stderr };
}

function hmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

describe('logins finished after the hook returns', function () {
  this.timeout(30000);

  for (const [label, env] of [
    ['without tracing', { TCELL_TRACING: 'false' }],
    [
      'with tracing and no sampled span',
      { TCELL_TRACING: 'true', OTEL_TRACES_SAMPLER: 'always_off' },
    ],
  ] as const) {
    it(`should still be written when the app exits in the same tick (${label})`, async () => {
      const { events, file } = await loginThenExit(env);

      assert.equal(events.length, 3);
      events.forEach((event, index) => {
        assert.equal(event.user_id, `user-${index}`);
        assert.equal(event.event_name, index % 2 === 0 ? 'login-success' : 'login-failure');
        assert.equal(event.session, hmacHex('exit-session-key', `session-${index}`, 32));
        assert.equal(
          event.password_id,
          hmacHex('exit-password-key', `exit-app:password-${index}:user-${index}`, 8),
        );
        assert.equal(event.remote_addr, '192.0.2.7');
      });
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /session-\d|password-\d/);
    });
  }

  it("should write a login reported from the app's own exit handler, after the exit flush", async () => {
    const { events } = await loginThenExit({ TCELL_TRACING: 'false', EXIT_HANDLER_LOGIN: '1' });

    assert.deepEqual(
      events.map((event) => event.user_id),
      ['user-0', 'user-1', 'user-2', 'user-exit'],
    );
    assert.equal(events[3].session, hmacHex('exit-session-key', 'session-exit', 32));
  });

  it('should run the deferred logins in bounded batches during a long synchronous loop', async () => {
    // 20,000 calls in one tick: the deferred logins run each time 8,192 (the processor queue
    // size) are waiting, not at the end of the loop, so memory stays bounded. The processor
    // queue fills with the first batch (nothing async runs in between) and says so; the rest
    // are dropped and counted, and the first batch is written at exit.
    const { events, stderr } = await loginThenExit({ TCELL_TRACING: 'false', LOGINS: '20000' });

    assert.equal(events.length, 8192);
    assert.equal(new Set(events.map((event) => event.session)).size, 8192);
    assert.equal(events[8191].session, hmacHex('exit-session-key', 'session-8191', 32));
    assert.match(stderr, /tcell-hooks queue-full: login event queue full \(8192\)/);
  });
});
