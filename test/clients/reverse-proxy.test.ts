import assert from 'node:assert';
import { request } from 'node:http';
import { join } from 'node:path';
import type { AppProcess } from '../helpers/app-process';
import { readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import { TEST_KEYS, waitForNewEvents } from './login-events';
import type { WireRelay } from './wire-relay';
import { startWireRelay } from './wire-relay';

/*
 * Every address here is on the loopback network, which Linux routes whole (127.0.0.0/8):
 * 127.0.0.1 and 127.0.0.3 play clients, 127.0.0.2 and 127.0.0.4 play proxies, by binding the
 * source address of their connections.
 */
const FORGED = '198.51.100.9';

/** Posts a login for `userId` to 127.0.0.1:`port` from `localAddress`, with extra headers. */
function postLogin(
  port: number,
  localAddress: string,
  userId: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const body = new URLSearchParams({ username: userId, password: 'any-password' }).toString();
  return new Promise((done, fail) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/login',
        agent: false,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

/** Starts the Express example under the preload with `env`, writing events to a new file. */
async function startExample(env: Record<string, string>): Promise<[AppProcess, string]> {
  const eventsFile = join(tempFolder(), 'events.jsonl');
  const app = await startApp(join(REPO_ROOT, 'build/examples/express-login/app.js'), {
    nodeArgs: ['--require', 'tcell-hooks/register'],
    env: { ...TEST_KEYS, TCELL_EVENTS_FILE: eventsFile, ...env },
  });
  return [app, eventsFile];
}

/** The remote_addr of the one event recorded for `userId`, waiting for it if need be. */
async function remoteAddressOf(eventsFile: string, userId: string): Promise<unknown> {
  for (;;) {
    const events = readJsonLines(eventsFile).filter((event) => event.user_id === userId);
    if (events.length > 0) {
      assert.strictEqual(events.length, 1, `one event for ${userId}`);
      assert.strictEqual(events[0].event_name, 'login-failure');
      return events[0].remote_addr;
    }
    await waitForNewEvents(eventsFile, readJsonLines(eventsFile).length);
  }
}

describe('remote_addr behind reverse proxies', function () {
  this.timeout(30000);
  const started: Array<AppProcess | WireRelay> = [];

  after(async () => {
    for (const thing of started.reverse()) {
      await ('stop' in thing ? thing.stop() : thing.close());
    }
  });

  describe('without TCELL_REVERSE_PROXY', () => {
    let app: AppProcess;
    let eventsFile: string;
    let proxy: WireRelay;

    before(async () => {
      [app, eventsFile] = await startExample({});
      proxy = await startWireRelay(app.port, {
        appendForwardedFor: true,
        upstreamLocalAddress: '127.0.0.2',
      });
      started.push(app, proxy);
    });

    it('should report the socket peer of a direct request with a forged header', async () => {
      await postLogin(app.port, '127.0.0.1', 'direct-off', { 'X-Forwarded-For': FORGED });
      assert.strictEqual(await remoteAddressOf(eventsFile, 'direct-off'), '127.0.0.1');
    });

    it('should report the proxy, not the header, for a proxied request', async () => {
      await postLogin(proxy.port, '127.0.0.3', 'proxied-off', { 'X-Forwarded-For': FORGED });
      assert.strictEqual(await remoteAddressOf(eventsFile, 'proxied-off'), '127.0.0.2');
    });
  });

  describe('with TCELL_REVERSE_PROXY=true and 127.0.0.2 trusted', () => {
    let app: AppProcess;
    let eventsFile: string;
    let proxy: WireRelay;

    before(async () => {
      [app, eventsFile] = await startExample({
        TCELL_REVERSE_PROXY: 'true',
        TCELL_TRUSTED_PROXIES: '127.0.0.2, 127.0.0.4/32',
      });
      proxy = await startWireRelay(app.port, {
        appendForwardedFor: true,
        upstreamLocalAddress: '127.0.0.2',
      });
      started.push(app, proxy);
    });

    it('should ignore a forged header sent directly by a client', async () => {
      await postLogin(app.port, '127.0.0.1', 'direct-forged', { 'X-Forwarded-For': FORGED });
      assert.strictEqual(await remoteAddressOf(eventsFile, 'direct-forged'), '127.0.0.1');
    });

    it('should take the address the trusted proxy appended', async () => {
      await postLogin(proxy.port, '127.0.0.3', 'proxied-plain');
      assert.strictEqual(await remoteAddressOf(eventsFile, 'proxied-plain'), '127.0.0.3');
    });

    it('should not take an address the client forged before the proxy', async () => {
      await postLogin(proxy.port, '127.0.0.3', 'proxied-forged', { 'X-Forwarded-For': FORGED });
      assert.strictEqual(await remoteAddressOf(eventsFile, 'proxied-forged'), '127.0.0.3');
    });

    it('should not be fooled by a client claiming a trusted proxy address', async () => {
      await postLogin(proxy.port, '127.0.0.3', 'claims-proxy', {
        'X-Forwarded-For': `${FORGED}, 127.0.0.2`,
      });
      assert.strictEqual(await remoteAddressOf(eventsFile, 'claims-proxy'), '127.0.0.3');
    });

    it('should walk back through a chain of two trusted proxies', async () => {
      // client 127.0.0.3 -> outer proxy (connects from 127.0.0.4) -> inner proxy -> app
      const outer = await startWireRelay(proxy.port, {
        appendForwardedFor: true,
        upstreamLocalAddress: '127.0.0.4',
      });
      started.push(outer);
      await postLogin(outer.port, '127.0.0.3', 'two-hops', { 'X-Forwarded-For': FORGED });
      const arrived = proxy.requests[proxy.requests.length - 1].headers;
      assert.deepStrictEqual(
        arrived.find(([name]) => name === 'X-Forwarded-For'),
        ['X-Forwarded-For', `${FORGED}, 127.0.0.3`],
        'the outer proxy appended the client',
      );
      assert.strictEqual(await remoteAddressOf(eventsFile, 'two-hops'), '127.0.0.3');
    });
  });
});
