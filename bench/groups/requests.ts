/**
 * Throughput of the bench app under load: an ordinary route, and the login route, each with
 * tcell-hooks against the same app traced by the OpenTelemetry SDK alone.
 */
import { ITEM_REQUESTS, LOGIN_REQUESTS } from '../lib/load';
import type { BenchRow } from '../lib/rows';
import { measureThroughputRatio } from '../lib/throughput-row';

const everyOtherRequest: BenchRow = {
  name: 'Every other request',
  describe:
    'GET /items/:id (records no login) under the tcell-hooks preload (HTTP, Express and ' +
    'tcell-hooks instrumentations, login span processor) vs the same app under an OTel SDK ' +
    'with only the HTTP and Express instrumentations and a span processor that drops spans.',
  target: { relation: '>=', value: 98, unit: '%' },
  whenMissed:
    'on a shared machine requests per second swing by 10% between runs even with alternating ' +
    'rounds; the server CPU per request in the note is the steadier figure (100-101% in ' +
    'three runs here). If that misses too, profile the app: the preload adds one ' +
    'diagnostics-channel subscriber and AsyncLocalStorage write per request, and one scan of ' +
    'span events per ended span.',
  measure: (settings) =>
    measureThroughputRatio(
      settings,
      { tracing: 'tcell', hook: 'tcell' },
      { tracing: 'otel-only', hook: 'none' },
      ITEM_REQUESTS,
    ),
};

const loginRoute: BenchRow = {
  name: 'Login route',
  describe:
    'POST /login, alternating success and failure, with sendExpressLoginEvent under the ' +
    'tcell-hooks preload (events written to a JSONL file) vs the same app under the same ' +
    'preload with the hook call removed. The password check is a constant-time compare ' +
    'of the plain password: scrypt, as in the example app, takes milliseconds and would hide ' +
    'every other cost on the route.',
  target: { relation: '>=', value: 95, unit: '%' },
  whenMissed:
    'compare the server CPU per request in the note: it is the cost of one login in a loaded ' +
    'server, where each step costs two to four times its figure in a hot loop (code and ' +
    'tables fall out of the CPU caches between logins). In the tracing mode the login is ' +
    'recorded in the hook call, because the span event must be on the span before it ends: ' +
    "three HMACs (in JavaScript since node's createHmac cost about 4 us each here), reading " +
    'the request, Span.addEvent, then the event record, its JSON line and the detector. ' +
    'The no-tracing rows show the same login at lower cost, hashed after the handler.',
  measure: (settings) =>
    measureThroughputRatio(
      settings,
      { tracing: 'tcell', hook: 'tcell' },
      { tracing: 'tcell', hook: 'none' },
      LOGIN_REQUESTS,
    ),
};

/** Rows of this group. */
export const rows: BenchRow[] = [everyOtherRequest, loginRoute];
