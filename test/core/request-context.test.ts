import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';

const FIXTURE_APP = 'build/test/fixtures/minimal-login-app.js';
const PRELOAD = ['--require', 'tcell-hooks/register'];

function post(port: number, path: string, agent: Agent, userAgent: string): Promise<number> {
  return new Promise((done, fail) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'user-agent': userAgent },
      },
      (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', fail);
    outgoing.end();
  });
}

describe('request context', function () {
  this.timeout(30000);

  it('should fill in each login from its own request when requests interleave', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_HMAC_KEY: 'k', TCELL_EVENTS_FILE: eventsFile },
    });
    try {
      // Few sockets, many requests, random delays: keep-alive sockets carry several requests
      // and handlers finish out of order.
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const count = 40;
      const statuses = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          post(
            app.port,
            `/session/login-later?user=user-${index}&sid=s${index}&delay=${(index * 7) % 23}`,
            agent,
            `agent-of-user-${index}`,
          ),
        ),
      );
      agent.destroy();
      assert.deepEqual(statuses, Array(count).fill(204));
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      assert.equal(events.length, count);
      for (const event of events) {
        assert.equal(event.user_agent, `agent-of-${String(event.user_id)}`);
        const index = String(event.user_id).slice('user-'.length);
        assert.equal(event.document_uri, '/session/login-later?user=&sid=&delay=', `user ${index}`);
      }
    } finally {
      await app.stop('SIGKILL');
    }
  });

  it('should keep pipelined requests on one socket apart', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(FIXTURE_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_HMAC_KEY: 'k', TCELL_EVENTS_FILE: eventsFile },
    });
    try {
      // Two requests in one write: the second is parsed while the first handler still waits.
      const first =
        'POST /session/login-later?user=first&delay=30 HTTP/1.1\r\nHost: a\r\nUser-Agent: first-agent\r\nContent-Length: 0\r\n\r\n';
      const second =
        'POST /session/login-later?user=second&delay=0 HTTP/1.1\r\nUser-Agent: second-agent\r\nHost: b\r\nX-Second: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
      await new Promise<void>((done, fail) => {
        const socket = connect(app.port, '127.0.0.1', () => socket.write(first + second));
        socket.on('error', fail);
        socket.resume();
        socket.on('end', () => done());
      });
      await app.stop('SIGTERM');

      const events = readJsonLines(eventsFile);
      const byUser = new Map(events.map((event) => [event.user_id, event]));
      assert.equal(byUser.get('first')?.user_agent, 'first-agent');
      assert.deepEqual(byUser.get('first')?.header_keys, ['HOST', 'USER_AGENT', 'CONTENT_LENGTH']);
      assert.equal(byUser.get('second')?.user_agent, 'second-agent');
      assert.deepEqual(byUser.get('second')?.header_keys, [
        'USER_AGENT',
        'HOST',
        'X_SECOND',
        'CONTENT_LENGTH',
        'CONNECTION',
      ]);
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
