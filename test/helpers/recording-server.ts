import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One request a recording server received, body already un-gzipped. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback HTTP server that answers 200 `{}` and keeps every request it gets. */
export interface RecordingServer {
  server: Server;
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a recording server on 127.0.0.1, port 0. */
export function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      done({
        server,
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      });
    });
  });
}
