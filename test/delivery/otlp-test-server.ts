import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One OTLP export the server received. */
export interface OtlpPost {
  path: string;
  contentType: string;
  /** The body, decompressed when it came gzip'd. */
  body: Buffer;
}

/** A local OTLP/HTTP endpoint on 127.0.0.1, port 0, that keeps every body and answers 200. */
export class OtlpTestServer {
  readonly posts: OtlpPost[] = [];
  private readonly server = createServer((request, response) => this.keep(request, response));
  private port = 0;

  /** Starts a server on a free port. */
  static async start(): Promise<OtlpTestServer> {
    const otlp = new OtlpTestServer();
    await new Promise<void>((done) => otlp.server.listen(0, '127.0.0.1', done));
    otlp.port = (otlp.server.address() as AddressInfo).port;
    return otlp;
  }

  /** The base URL, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops the server. */
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }

  private keep(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      const contentType = request.headers['content-type'] ?? '';
      this.posts.push({
        path: request.url ?? '',
        contentType,
        body: gzipped ? gunzipSync(raw) : raw,
      });
      // An empty protobuf message and an empty JSON object are both full successes.
      const json = contentType.includes('json');
      response.writeHead(200, { 'content-type': json ? 'application/json' : contentType });
      response.end(json ? '{}' : '');
    });
  }
}
