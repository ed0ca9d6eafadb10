import assert from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { Detector } from '../../detection/detector';
import { expressGuard, fastifyGuard, koaGuard } from '../../detection/guard/adapters';
import { LoginGuard } from '../../detection/guard/login-guard';
import type { DetectionAlert } from '../../detection/types';

const PASSWORDS: Record<string, string> = { alice: 'correct horse', bob: 'battery staple' };

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/** Posts a login from a chosen loopback address, so the server sees that client IP. */
function postLogin(
  port: number,
  from: string,
  username: string,
  password: string,
): Promise<Answer> {
  const body = new URLSearchParams({ username, password }).toString();
  return new Promise((done, fail) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path: '/login',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }),
        );
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

function blockAlert(address: string): DetectionAlert {
  const trigger = {
    event_time: '2024-01-01T00:00:00.000Z',
    event_name: 'login-failure' as const,
    remote_addr: address,
  };
  return {
    rule: 'credential-stuffing',
    severity: 'high',
    key: { remote_addr: address },
    counts: { failures: 30 },
    first_time: trigger.event_time,
    last_time: trigger.event_time,
    window_seconds: 3600,
    examples: [trigger],
    trigger,
    reason: 'test',
  };
}

describe('LoginGuard', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  it('should answer 429 to an attacking IP within the threshold, and let a user elsewhere log in', async () => {
    const failuresAllowed = 8;
    const detector = new Detector({
      telemetry: false,
      thresholds: { credentialStuffing: { failures: failuresAllowed, accounts: 3 } },
    });
    const guard = new LoginGuard({ blockSeconds: 600 });
    guard.follow(detector);
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/login', expressGuard(guard), (req, res) => {
      const { username, password } = req.body as Record<string, string>;
      const success = PASSWORDS[username] === password;
      detector.observe({
        event_type: 'login',
        event_name: success ? 'login-success' : 'login-failure',
        user_id: username,
        user_valid: username in PASSWORDS || username.startsWith('user'),
        remote_addr: req.socket.remoteAddress,
        event_time: new Date().toISOString(),
      });
      res.status(success ? 200 : 401).end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server!.once('listening', done));
    const port = (server.address() as AddressInfo).port;

    const attacker: Answer[] = [];
    for (let attempt = 0; attempt < failuresAllowed + 4; attempt++) {
      attacker.push(await postLogin(port, '127.0.0.2', `user${attempt}`, 'leaked'));
    }
    const user = await postLogin(port, '127.0.0.3', 'alice', 'correct horse');

    assert.deepStrictEqual(
      attacker.map((answer) => answer.status),
      [...Array(failuresAllowed).fill(401), 429, 429, 429, 429],
    );
    const retryAfter = Number(attacker[failuresAllowed].retryAfter);
    assert.ok(retryAfter > 590 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    assert.deepStrictEqual(user, { status: 200, retryAfter: undefined });
  });

  it('should block one account from one IP after brute force, not other accounts', () => {
    const guard = new LoginGuard();
    const detector = new Detector({
      telemetry: false,
      thresholds: { bruteForce: { failures: 3 } },
    });
    guard.follow(detector);
    for (let attempt = 0; attempt < 3; attempt++) {
      detector.observe({
        event_type: 'login',
        event_name: 'login-failure',
        user_id: 'alice',
        remote_addr: '192.0.2.1',
        event_time: `2024-01-01T00:00:0${attempt}.000Z`,
      });
    }

    assert.strictEqual(guard.check('::ffff:192.0.2.1', 'alice').blocked, true);
    assert.strictEqual(guard.check('192.0.2.1', 'bob').blocked, false);
    assert.strictEqual(guard.check('192.0.2.2', 'alice').blocked, false);
  });

  it('should lift a block after the configured time', () => {
    let now = 1_000_000;
    const guard = new LoginGuard({ blockSeconds: 60, now: () => now });
    guard.protect(blockAlert('192.0.2.3'));

    assert.deepStrictEqual(guard.check('192.0.2.3'), {
      blocked: true,
      retryAfterSeconds: 60,
      rule: 'credential-stuffing',
    });
    now += 59_500;
    assert.strictEqual(guard.check('192.0.2.3').retryAfterSeconds, 1);
    now += 500;
    assert.strictEqual(guard.check('192.0.2.3').blocked, false);
  });

  it('should answer 429 with Retry-After from the Fastify hook', async () => {
    const guard = new LoginGuard({ blockSeconds: 120 });
    guard.protect(blockAlert('127.0.0.2'));
    const app = Fastify();
    app.addHook('onRequest', fastifyGuard(guard));
    app.addContentTypeParser('application/x-www-form-urlencoded', (_request, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
    });
    app.post('/login', () => 'ok');
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const blocked = await postLogin(port, '127.0.0.2', 'x', 'y');
      const allowed = await postLogin(port, '127.0.0.3', 'x', 'y');

      assert.strictEqual(blocked.status, 429);
      assert.ok(Number(blocked.retryAfter) > 110 && Number(blocked.retryAfter) <= 120);
      assert.strictEqual(allowed.status, 200);
    } finally {
      await app.close();
    }
  });

  it('should answer 429 with Retry-After from the Koa middleware', async () => {
    const guard = new LoginGuard({ blockSeconds: 30 });
    guard.protect(blockAlert('127.0.0.2'));
    const app = new Koa();
    app.use(koaGuard(guard));
    app.use((context) => {
      context.body = 'ok';
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server!.once('listening', done));
    const port = (server.address() as AddressInfo).port;

    const blocked = await postLogin(port, '127.0.0.2', 'x', 'y');
    const allowed = await postLogin(port, '127.0.0.3', 'x', 'y');

    assert.deepStrictEqual(blocked, { status: 429, retryAfter: '30' });
    assert.strictEqual(allowed.status, 200);
  });
});
