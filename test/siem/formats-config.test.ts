import assert from 'node:assert';
import { join } from 'node:path';
import { readConfig } from '../../src/config';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import { ecsProblems } from './schema-check';

describe('TCELL_EVENTS_FORMAT', function () {
  this.timeout(60000);

  it('should default to tcell and accept ocsf and ecs in any case', () => {
    assert.strictEqual(readConfig({}).config.eventsFormat, 'tcell');
    assert.strictEqual(readConfig({ TCELL_EVENTS_FORMAT: ' OCSF ' }).config.eventsFormat, 'ocsf');
    assert.strictEqual(readConfig({ TCELL_EVENTS_FORMAT: 'ecs' }).config.eventsFormat, 'ecs');
    assert.deepStrictEqual(readConfig({ TCELL_EVENTS_FORMAT: 'ecs' }).problems, []);
  });

  it('should name the variable and the expected words for an unknown format', () => {
    const { problems } = readConfig({ TCELL_EVENTS_FORMAT: 'cef' });
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].variable, 'TCELL_EVENTS_FORMAT');
    assert.match(problems[0].message, /"cef" is not a record format; expected tcell, ocsf or ecs/);
  });

  it('should write ECS documents to the events file of a real app when set to ecs', async () => {
    const file = join(tempFolder('tcell-siem-format-'), 'events.jsonl');
    const app = await startApp(join('build', 'examples', 'express-login', 'app.js'), {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { TCELL_EVENTS_FILE: file, TCELL_EVENTS_FORMAT: 'ecs', OTEL_TRACES_EXPORTER: 'none' },
    });
    try {
      const response = await fetch(`${app.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=bob&password=wrong',
      });
      await response.text();
      assert.strictEqual(response.status, 401);
    } finally {
      await app.stop('SIGTERM');
    }
    const lines = readJsonLines(file);
    assert.strictEqual(lines.length, 1);
    const document = lines[0] as {
      event: { outcome: string };
      user: unknown;
      service: { name: string };
      event_type?: string;
    };
    assert.deepStrictEqual(ecsProblems(document), []);
    assert.strictEqual(document.event.outcome, 'failure');
    assert.deepStrictEqual(document.user, { name: 'bob' });
    // With neither OTEL_SERVICE_NAME nor an app id, the OpenTelemetry fallback name is used.
    assert.strictEqual(document.service.name, 'unknown_service:node');
    assert.strictEqual(document.event_type, undefined);
  });

  it('should keep the hooks off when the format is unknown', async () => {
    const file = join(tempFolder('tcell-siem-format-'), 'events.jsonl');
    const app = await startApp(join('build', 'examples', 'express-login', 'app.js'), {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { TCELL_EVENTS_FILE: file, TCELL_EVENTS_FORMAT: 'cef', OTEL_TRACES_EXPORTER: 'none' },
    });
    try {
      const response = await fetch(`${app.baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=bob&password=wrong',
      });
      await response.text();
    } finally {
      await app.stop('SIGTERM');
    }
    assert.deepStrictEqual(readJsonLines(file), []);
    assert.match(app.output().stderr, /tcell-hooks bad-config: TCELL_EVENTS_FORMAT/);
  });
});
