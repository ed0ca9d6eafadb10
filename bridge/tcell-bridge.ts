import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { logger, warnProblem } from '../src/diagnostics';
import type { OtlpSignal } from './otlp-decoding';
import { decodeOtlpRequest } from './otlp-decoding';
import type { OtlpResponseBody } from './otlp-responses';
import { errorResponse, successResponse } from './otlp-responses';
import { OtlpShapeError } from './otlp-values';
import type { ExtractedLogins } from './login-extraction';
import { extractLogLogins, extractTraceLogins } from './login-extraction';
import { LoginDelivery } from './login-delivery';
import type { OtlpFormat } from './request-body';
import { gunzipBody, isGzipEncoded, readBody, readOtlpFormat } from './request-body';
import { BridgeRequestError } from './request-error';
import type { TcellBridgeOptions } from './types';

/** Largest request body by default, compressed or not. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** How many login ids are remembered for de-duplication by default. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;
/** How long a shutdown waits by default for requests in progress before it cuts them off. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 3_000;

/**
 * Where a shutdown is: `running` before it starts, `requests` while requests in progress are
 * answered, `sinks` while the sinks deliver and shut down, `stopped` once all is done.
 */
export type BridgeShutdownStage = 'running' | 'requests' | 'sinks' | 'stopped';

const SIGNAL_PATHS = new Map<string, OtlpSignal>([
  ['/v1/traces', 'traces'],
  ['/v1/logs', 'logs'],
]);
const EXTRACTORS = { traces: extractTraceLogins, logs: extractLogLogins };
const REJECTED_ITEM_WORDS = { traces: 'span(s)', logs: 'log record(s)' };

/**
 * An OTLP/HTTP receiver for login events: accepts `POST /v1/traces` and `POST /v1/logs` in JSON
 * or protobuf, gzip'd or not, maps every `tcell.login` span event and log record to a tCell
 * event and delivers it to the sinks. Everything else in the requests is ignored.
 */
export class TcellBridge {
  private readonly server: Server;
  private readonly delivery: LoginDelivery;
  private readonly maxBodyBytes: number;
  private readonly shutdownGraceMs: number;
  private stage: BridgeShutdownStage = 'running';
  private readonly handling = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;

  constructor(options: TcellBridgeOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.shutdownGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.delivery = new LoginDelivery(
      options.sinks,
      options.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY,
    );
    this.server = createServer((request, response) => {
      const handled = this.handle(request, response);
      this.handling.add(handled);
      void handled.finally(() => this.handling.delete(handled));
    });
  }

  /** Starts listening; port 0 picks a free port. Resolves with the address bound. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, host, () => {
        this.server.off('error', fail);
        done(this.server.address() as AddressInfo);
      });
    });
  }

  /** Resolves once every login received so far is delivered by every sink. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.handling);
    await this.delivery.forceFlush();
  }

  /** Which part of the shutdown is under way, so that a caller giving up can say which hung. */
  get shutdownStage(): BridgeShutdownStage {
    return this.stage;
  }

  /**
   * Stops accepting requests, gives those in progress the grace period to finish, cuts off any
   * still unfinished (a sender stalled mid-body), then flushes and shuts the sinks.
   */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    this.stage = 'requests';
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeIdleConnections();
    await settledWithin(Promise.all(this.handling), this.shutdownGraceMs);
    // A stalled sender must not hold the shutdown; its request ends as incomplete (400).
    this.server.closeAllConnections();
    await Promise.all(this.handling);
    await closed;
    this.stage = 'sinks';
    await this.delivery.shutdown();
    this.stage = 'stopped';
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let format: OtlpFormat | undefined;
    try {
      const signal = routeSignal(request);
      format = readOtlpFormat(request.headers['content-type']);
      const gzipped = isGzipEncoded(request.headers['content-encoding']);
      let body = await readBody(request, this.maxBodyBytes);
      if (gzipped) body = await gunzipBody(body, this.maxBodyBytes);
      const extracted = extract(signal, decodeOtlpRequest(signal, format, body));

      await this.deliver(extracted);
      const message = rejectionMessage(signal, extracted.rejectedItems);
      await send(response, 200, successResponse(signal, format, extracted.rejectedItems, message));
    } catch (error) {
      const refusal = asRefusal(error);
      if (refusal.statusCode !== 503) {
        warnProblem('bridge-bad-request', `${refusal.statusCode} ${refusal.message}`);
      }
      // The body may be unread when the request was refused on its headers.
      request.resume();
      const reply = errorResponse(format, refusal.statusCode, refusal.message);
      await send(response, refusal.statusCode, reply);
    }
  }

  private async deliver(extracted: ExtractedLogins): Promise<void> {
    if (extracted.logins.length === 0) return;
    try {
      const result = await this.delivery.deliver(extracted.logins);
      logger.debug(`bridge delivered ${result.delivered}, ${result.duplicates} duplicate(s)`);
    } catch (error) {
      const reason = error instanceof Error ? error.name : typeof error;
      warnProblem('bridge-sink-failed', `a sink failed (${reason}); the sender should retry`);
      throw new BridgeRequestError(503, 'a sink failed to store the login events; retry later');
    }
  }
}

function routeSignal(request: IncomingMessage): OtlpSignal {
  const path = (request.url ?? '/').split('?')[0];
  const signal = SIGNAL_PATHS.get(path);
  if (signal === undefined) {
    // The path is not quoted back: a sender could have put a secret in it.
    throw new BridgeRequestError(404, 'no OTLP endpoint at this path; use /v1/traces or /v1/logs');
  }
  if (request.method !== 'POST') {
    throw new BridgeRequestError(
      405,
      `${request.method ?? 'this method'} is not allowed; use POST`,
    );
  }
  return signal;
}

function extract(signal: OtlpSignal, request: Record<string, unknown>): ExtractedLogins {
  const receivedAt: HrTime = millisToHrTime(Date.now());
  try {
    return EXTRACTORS[signal](request, receivedAt);
  } catch (error) {
    if (error instanceof OtlpShapeError) {
      throw new BridgeRequestError(400, `body is not an OTLP ${signal} request: ${error.message}`);
    }
    throw error;
  }
}

function rejectionMessage(signal: OtlpSignal, rejectedItems: number): string {
  if (rejectedItems === 0) return '';
  return (
    `${rejectedItems} ${REJECTED_ITEM_WORDS[signal]} carried a tcell.login event without a ` +
    'valid tcell.login.status ("success" or "failure"); those events were dropped'
  );
}

function asRefusal(error: unknown): BridgeRequestError {
  if (error instanceof BridgeRequestError) return error;
  logger.error(`tcell-hooks bridge-failed: ${error instanceof Error ? error.name : typeof error}`);
  return new BridgeRequestError(500, 'the bridge failed to handle the request');
}

/** Resolves when `promise` settles or after `milliseconds`, whichever comes first. */
function settledWithin(promise: Promise<unknown>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((done) => {
    timer = setTimeout(done, milliseconds);
  });
  const settled = promise.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
}

/** Sends the reply; resolves once it is handed to the socket, so a shutdown cannot cut it. */
function send(
  response: ServerResponse,
  statusCode: number,
  reply: OtlpResponseBody,
): Promise<void> {
  return new Promise((done) => {
    // A connection cut off at shutdown has nobody left to answer.
    if (response.destroyed || response.socket === null || response.socket.destroyed) {
      done();
      return;
    }
    response.once('close', done);
    response.writeHead(statusCode, {
      'content-type': reply.contentType,
      'content-length': reply.body.length,
    });
    response.end(reply.body, done);
  });
}
