import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** One HTTP/1.1 request as its bytes crossed the relay. */
export interface CapturedRequest {
  requestLine: string;
  /** Header lines in the order they were sent: [name as sent, value]. */
  headers: [string, string][];
}

/** A TCP relay in front of an app that keeps the bytes clients send through it. */
export interface CaptureRelay {
  port: number;
  /** Every request seen so far, in order, parsed from the recorded client bytes. */
  requests(): CapturedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a relay on 127.0.0.1, port 0, forwarding to `targetPort`. What a client sends is
 * parsed from the wire, so a test knows the header order a real client (fetch, curl) used
 * without trusting the server side it is testing.
 */
export function startCaptureRelay(targetPort: number): Promise<CaptureRelay> {
  const streams: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const received: Buffer[] = [];
    streams.push(received);
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      received.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      done({
        port: (server.address() as AddressInfo).port,
        requests: () => streams.flatMap((chunks) => parseRequests(Buffer.concat(chunks))),
        close: () =>
          new Promise((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    });
  });
}

/** Splits the bytes of one connection into requests; bodies need a Content-Length. */
function parseRequests(bytes: Buffer): CapturedRequest[] {
  const requests: CapturedRequest[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', offset, 'latin1');
    if (end === -1) break;
    const [requestLine, ...lines] = bytes.toString('latin1', offset, end).split('\r\n');
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    requests.push({ requestLine, headers });
    const length = headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    offset = end + 4 + Number(length ?? 0);
  }
  return requests;
}
