import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, readJsonLines, startApp, tempFolder } from '../helpers/app-process';

async function postLogin(baseUrl: string, username: string, password: string): Promise<void> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
}

/** The README's "Detection" section, up to the next top-level heading. */
function detectionSection(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Detection');
  assert.notStrictEqual(start, -1, 'README has a Detection section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('password spraying on tcell-hooks events', function () {
  this.timeout(30_000);

  it('should fire on one password tried on many accounts of an app under the preload', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const alertsFile = join(folder, 'alerts.jsonl');
    const app = await startApp('build/examples/express-login/app.js', {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: {
        TCELL_AGENT_APP_ID: 'spray-test',
        TCELL_PASSWORD_HMAC_KEY: 'spray-test-password-key',
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_ALERTS_FILE: alertsFile,
        TCELL_DETECTION_PRESET: 'strict',
      },
    });
    try {
      // Strict: one password failing on 5 accounts; each account fails once only.
      for (const account of ['staff1', 'staff2', 'staff3', 'staff4', 'staff5']) {
        await postLogin(app.baseUrl, account, 'Spring2024!');
      }
    } finally {
      await app.stop('SIGTERM');
    }

    const events = readJsonLines(eventsFile);
    assert.strictEqual(events.length, 5);
    const sprayIds = new Set(events.map((event) => event.password_spray_id));
    const passwordIds = new Set(events.map((event) => event.password_id));
    assert.strictEqual(sprayIds.size, 1, 'one spray fingerprint for one password');
    assert.strictEqual(passwordIds.size, 5, 'the tCell password_id differs per account');
    const [sprayId] = sprayIds;
    assert.match(String(sprayId), /^[0-9a-f]{8}$/);
    const alerts = readJsonLines(alertsFile);
    assert.deepStrictEqual(
      alerts.map((alert) => [alert.rule, alert.key]),
      [['password-spraying', { password_spray_id: sprayId }]],
    );
  });

  it('should be documented as keyed on password_spray_id and firing on our own events', () => {
    const section = detectionSection();

    assert.match(section, /\| `password-spraying` \| high \| `password_spray_id`/);
    assert.doesNotMatch(section, /will not fire/);
    assert.match(section, /fires on this\s+package's own events/);
  });
});

describe('preload with a wrong detection variable', function () {
  this.timeout(30_000);

  it('should name the value, turn detection off and keep recording events', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const alertsFile = join(folder, 'alerts.jsonl');
    const app = await startApp('build/examples/express-login/app.js', {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: {
        TCELL_AGENT_APP_ID: 'detection-config-test',
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_ALERTS_FILE: alertsFile,
        TCELL_DETECTION: 'maybe',
        TCELL_DETECTION_PRESET: 'strict',
      },
    });
    try {
      // Enough for a strict brute-force alert, had detection been on.
      for (let attempt = 0; attempt < 6; attempt++) {
        await postLogin(app.baseUrl, 'nobody', `wrong${attempt}`);
      }
    } finally {
      await app.stop('SIGTERM');
    }

    assert.strictEqual(readJsonLines(eventsFile).length, 6);
    assert.throws(() => readFileSync(alertsFile), { code: 'ENOENT' });
    assert.match(
      app.output().stderr,
      /^tcell-hooks bad-config: TCELL_DETECTION "maybe" is not a boolean word; expected true or false; detection stays off \(the hooks still run\)$/m,
    );
  });
});
