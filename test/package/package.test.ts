import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';

const run = promisify(execFile);

/** Folders of the build that make up the package; nothing else of build/ may ship. */
const SHIPPED_FOLDERS = [
  'build/src/',
  'build/instrumentation/',
  'build/exporters/',
  'build/register/',
  'build/bridge/',
  'build/cli/',
  'build/detection/',
  'schema/',
];
const TOP_LEVEL_FILES = ['package.json', 'README.md', 'LICENSE'];

describe('the npm package', function () {
  this.timeout(240000);

  it('should contain the build, types, README and licence, and nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
    });
    const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    const paths = pack.files.map((file) => file.path);

    for (const path of paths) {
      const allowed =
        TOP_LEVEL_FILES.includes(path) || SHIPPED_FOLDERS.some((folder) => path.startsWith(folder));
      assert.ok(allowed, `${path} should not be in the package`);
      assert.ok(!path.endsWith('.map'), `${path}: no source maps`);
      assert.ok(!/\.ts$/.test(path) || path.endsWith('.d.ts'), `${path}: no TypeScript sources`);
    }
    for (const required of [
      ...TOP_LEVEL_FILES,
      'build/src/index.js',
      'build/src/index.d.ts',
      'build/src/v1.js',
      'build/instrumentation/index.d.ts',
      'build/exporters/index.js',
      'build/register/index.js',
    ]) {
      assert.ok(paths.includes(required), `${required} is missing from the package`);
    }
  });

  it('should install from the packed tarball and record a login through the preload', async () => {
    const folder = tempFolder('tcell-pack-');
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', folder], {
      cwd: REPO_ROOT,
    });
    const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made a tarball');

    const project = join(folder, 'consumer');
    await run('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true }),
    );
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(folder, tarball),
        'express@5',
        '@opentelemetry/api@1',
      ],
      { cwd: project },
    );
    writeFileSync(
      join(project, 'app.js'),
      `const express = require('express');
const { sendExpressLoginEvent, LOGIN_SUCCESS } = require('tcell-hooks');
const app = express();
app.post('/login', (req, res) => {
  sendExpressLoginEvent({ status: LOGIN_SUCCESS, request: req, userId: 'packed', sessionId: 'packed-session' });
  res.end('ok');
});
const server = app.listen(0, '127.0.0.1', () =>
  console.log('consumer listening on http://127.0.0.1:' + server.address().port));
`,
    );

    const eventsFile = join(folder, 'events.jsonl');
    const app = await startApp(join(project, 'app.js'), {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { TCELL_HMAC_KEY: 'pack-key', TCELL_EVENTS_FILE: eventsFile },
      cwd: project,
    });
    try {
      const response = await fetch(`${app.baseUrl}/login`, { method: 'POST' });
      assert.equal(response.status, 200);
      await app.stop('SIGTERM');
      const [event] = readJsonLines(eventsFile);
      assert.equal(event.user_id, 'packed');
      assert.equal(
        event.session,
        createHmac('sha256', 'pack-key').update('packed-session').digest('hex').slice(0, 32),
      );
      assert.equal(event.document_uri, '/login');
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
