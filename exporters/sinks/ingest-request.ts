import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { VERSION } from '../../src/version';

const gzipAsync = promisify(gzip);

/** What became of one POST to the ingest endpoint. */
export type IngestOutcome =
  | { kind: 'delivered' }
  /** Worth trying again: network error, timeout, 429 or 5xx. */
  | { kind: 'retry'; cause: string; retryAfterMs?: number }
  /** The server refused the batch for good (any other status). */
  | { kind: 'rejected'; status: number }
  /** The sink gave up on the request (shutdown deadline). */
  | { kind: 'aborted' };

/** One POST of a batch. */
export interface IngestRequest {
  url: string;
  apiKey?: string;
  /** The serialised batch, before gzip. */
  body: string;
  timeoutMs: number;
  /** Aborts the request from outside (shutdown deadline). */
  signal: AbortSignal;
}

/**
 * Posts one gzip'd batch and classifies the result. Never throws. Runs with tracing suppressed
 * so that an instrumented fetch does not turn delivery into spans of its own.
 */
export async function postIngestBatch(request: IngestRequest): Promise<IngestOutcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    const body = await gzipAsync(request.body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'user-agent': `tcell-hooks/${VERSION}`,
    };
    if (request.apiKey !== undefined) headers.authorization = `Bearer ${request.apiKey}`;
    const response = await context.with(suppressTracing(context.active()), () =>
      // No redirects: a redirect would carry the API key to wherever the server points.
      fetch(request.url, { method: 'POST', headers, body, signal, redirect: 'manual' }),
    );
    await response.arrayBuffer();

    if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
    if (response.status === 429 || response.status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      return { kind: 'retry', cause: `status ${response.status}`, retryAfterMs };
    }
    return { kind: 'rejected', status: response.status };
  } catch (error) {
    if (request.signal.aborted) return { kind: 'aborted' };
    if (timeout.aborted) return { kind: 'retry', cause: 'timeout' };
    const code = (error as { cause?: { code?: unknown } })?.cause?.code;
    return { kind: 'retry', cause: typeof code === 'string' ? code : 'network error' };
  }
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds or an HTTP date. Undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: the ceiling doubles with each consecutive failure up to
 * `maxMs`, and the wait is drawn from its upper half, so that many senders recovering from the
 * same outage do not retry in step.
 */
export function backoffDelay(
  failures: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
