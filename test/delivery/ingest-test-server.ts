import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One request the ingest server saw, with its body gunzipped and parsed. */
export interface SeenRequest {
  /** Milliseconds since the epoch when the body had fully arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  /** The parsed envelope; undefined when the body was not gzip'd JSON. */
  envelope?: { app_id?: string; host_identifier?: string; agent?: string; events: Event[] };
  /** The status answered, or undefined while (or when never) answered. */
  status?: number;
}

type Event = Record<string, unknown>;

/** How the server answers its n-th request (0-based). `hang` never answers. */
export type Reply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang';

/**
 * A real local ingest endpoint on 127.0.0.1, port 0, that answers as the test tells it: it can
 * be taken down (not listening) and brought back on the same port, answer slowly, hang, or
 * answer 429/400/5xx. Bodies are decompressed with node's zlib.
 */
export class IngestTestServer {
  readonly seen: SeenRequest[] = [];
  /** Most requests the server was handling at the same time. */
  maxConcurrent = 0;
  reply: (index: number) => Reply = () => ({ status: 200 });
  private server: Server;
  private concurrent = 0;
  private port = 0;

  private constructor() {
    this.server = this.makeServer();
  }

  /** Starts a server on a free port. */
  static async start(): Promise<IngestTestServer> {
    const ingest = new IngestTestServer();
    await ingest.listen(0);
    return ingest;
  }

  /** The URL to post to. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/events`;
  }

  /** Events of every envelope answered 2xx, in the order they were answered. */
  acceptedEvents(): Event[] {
    return this.seen
      .filter((request) => request.status !== undefined && request.status < 300)
      .flatMap((request) => request.envelope?.events ?? []);
  }

  /** Stops listening and cuts open connections: clients now get connection refused. */
  async down(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeAllConnections();
    await closed;
    this.server = this.makeServer();
  }

  /** Listens again on the same port. */
  up(): Promise<void> {
    return this.listen(this.port);
  }

  /** Stops for good. */
  stop(): Promise<void> {
    return this.down();
  }

  private listen(port: number): Promise<void> {
    return new Promise((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        done();
      });
    });
  }

  private makeServer(): Server {
    return createServer((request, response) => void this.handle(request, response));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    response.once('close', () => (this.concurrent -= 1));

    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const seen: SeenRequest = { at: Date.now(), headers: request.headers };
    try {
      seen.envelope = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
    } catch {
      seen.envelope = undefined;
    }
    const index = this.seen.length;
    this.seen.push(seen);

    const reply = this.reply(index);
    if (reply === 'hang') return;
    if (reply.delayMs !== undefined) await new Promise((done) => setTimeout(done, reply.delayMs));
    if (response.destroyed) return;
    seen.status = reply.status;
    response.writeHead(reply.status, reply.headers ?? {}).end();
  }
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUp) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 10));
  }
}
