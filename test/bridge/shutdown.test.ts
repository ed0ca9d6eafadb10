import assert from 'node:assert';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { MemorySink } from './memory-sink';

/**
 * Opens a POST that declares a 1000-byte body, waits until the bridge answers
 * `100 Continue` (so the request is in its hands), then sends 10 bytes and stalls.
 */
function stalledPost(port: number): Promise<{ socket: Socket; ended: Promise<string> }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let resolveEnded: (text: string) => void = () => undefined;
    const ended = new Promise<string>((resolve) => (resolveEnded = resolve));
    socket.setEncoding('latin1');
    socket.on('error', fail);
    socket.on('close', () => resolveEnded(received));
    socket.on('data', (chunk: string) => {
      const first = received === '';
      received += chunk;
      if (first && received.startsWith('HTTP/1.1 100 Continue')) {
        socket.write('{"resourceS', () => done({ socket, ended }));
      }
    });
    socket.on('connect', () => {
      socket.write(
        'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
      );
    });
  });
}

describe('TcellBridge shutdown', () => {
  it('should cut off a sender stalled mid-body after the grace period and stop', async () => {
    const sink = new MemorySink();
    const bridge = new TcellBridge({ sinks: [sink], shutdownGraceMs: 100 });
    const { port } = await bridge.listen(0, '127.0.0.1');
    const stalled = await stalledPost(port);
    assert.strictEqual(bridge.shutdownStage, 'running');

    // Without the cut-off this never resolves and mocha's timeout fails the test.
    await bridge.shutdown();

    assert.strictEqual(bridge.shutdownStage, 'stopped');
    assert.strictEqual(sink.shutdownCalls, 1);
    assert.strictEqual(sink.records.length, 0);
    // The stalled connection was closed by the bridge, not left open.
    await stalled.ended;
    assert.ok(stalled.socket.destroyed);
  });

  it('should still let a request that finishes within the grace period be delivered', async () => {
    const sink = new MemorySink();
    const bridge = new TcellBridge({ sinks: [sink], shutdownGraceMs: 60_000 });
    const { port } = await bridge.listen(0, '127.0.0.1');
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  events: [
                    {
                      name: 'tcell.login',
                      timeUnixNano: '1733300000000000000',
                      attributes: [
                        { key: 'tcell.login.status', value: { stringValue: 'success' } },
                        { key: 'user.id', value: { stringValue: 'late' } },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (reply += chunk));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    await new Promise<void>((done) => socket.on('connect', () => done()));
    const half = Math.floor(body.length / 2);
    const continued = new Promise<void>((done) => socket.once('data', () => done()));
    socket.write(
      'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await continued;
    socket.write(body.slice(0, half));

    const stopped = bridge.shutdown();
    assert.strictEqual(bridge.shutdownStage, 'requests');
    socket.end(body.slice(half));
    await stopped;
    await closed;

    assert.match(reply, /HTTP\/1\.1 200 OK/);
    assert.deepStrictEqual(
      sink.records.map((record) => record.user_id),
      ['late'],
    );
  });
});
