import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';

/** One HTTP/1.1 request as its bytes crossed the relay, before any change by the relay. */
export interface WireRequest {
  method: string;
  target: string;
  /** Header lines in the order they were on the wire, names as sent. */
  headers: Array<[string, string]>;
}

/** A TCP relay between a client and an app, reading each request head off the wire. */
export interface WireRelay {
  port: number;
  baseUrl: string;
  /** Every request seen so far, in arrival order. */
  requests: WireRequest[];
  close(): Promise<void>;
}

/** How the relay treats what passes through it. */
export interface WireRelayOptions {
  /**
   * Act as a reverse proxy: add the client's socket address to `X-Forwarded-For` (appending to
   * a value the client sent, as nginx's `$proxy_add_x_forwarded_for` does). Otherwise bytes
   * pass unchanged.
   */
  appendForwardedFor?: boolean;
  /** Local address of the relay's connection to the app, for example `127.0.0.2`. */
  upstreamLocalAddress?: string;
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/** Starts a relay on 127.0.0.1, port 0, in front of the app on 127.0.0.1:`targetPort`. */
export function startWireRelay(
  targetPort: number,
  options: WireRelayOptions = {},
): Promise<WireRelay> {
  const requests: WireRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({
      port: targetPort,
      host: '127.0.0.1',
      localAddress: options.upstreamLocalAddress,
    });
    sockets.add(client).add(upstream);
    const forget = (socket: Socket) => () => sockets.delete(socket);
    client.on('close', forget(client)).on('error', () => upstream.destroy());
    upstream.on('close', forget(upstream)).on('error', () => client.destroy());
    upstream.pipe(client);
    client.on('end', () => upstream.end());

    const clientAddress = client.remoteAddress ?? '';
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (options.appendForwardedFor !== true) upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const request = takeRequest(pending);
        if (request === undefined) return;
        if (request === 'unreadable') {
          // A request the relay cannot frame ends the connection: the test then fails loudly.
          client.destroy();
          upstream.destroy();
          return;
        }
        pending = pending.subarray(request.length);
        requests.push(request.wire);
        if (options.appendForwardedFor === true) {
          upstream.write(withForwardedFor(request.wire, clientAddress));
          upstream.write(request.body);
        }
      }
    });
  });

  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      done({
        port,
        baseUrl: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    });
  });
}

/** The tCell form of header names: upper case, `-` turned into `_`; computed here on its own. */
export function tcellKeysOf(request: WireRequest): string[] {
  return request.headers.map(([name]) => name.toUpperCase().split('-').join('_'));
}

/** The first value of a header in a wire request, by case-insensitive name. */
export function headerValue(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function takeRequest(
  bytes: Buffer,
): { wire: WireRequest; body: Buffer; length: number } | 'unreadable' | undefined {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;

  const [requestLine, ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const [method, target] = requestLine.split(' ');
  const wire: WireRequest = { method, target, headers };
  // Only Content-Length bodies are framed: every client tested here sends its form that way.
  if (headerValue(wire, 'transfer-encoding') !== undefined) return 'unreadable';

  const bodyStart = headEnd + HEAD_END.length;
  const length = bodyStart + Number(headerValue(wire, 'content-length') ?? 0);
  if (bytes.length < length) return undefined;
  return { wire, body: bytes.subarray(bodyStart, length), length };
}

function withForwardedFor(request: WireRequest, clientAddress: string): Buffer {
  const headers = request.headers.filter(([name]) => name.toLowerCase() !== 'x-forwarded-for');
  const sent = request.headers
    .filter(([name]) => name.toLowerCase() === 'x-forwarded-for')
    .map(([, value]) => value);
  headers.push(['X-Forwarded-For', [...sent, clientAddress].join(', ')]);
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
