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
    'compare the server CPU per request in the note: a recorded login adds tens of ' +
    'microseconds of process CPU, while the hook costs about 7 us of CPU in isolation and ' +
    "about 8 us more per event to export. The main thread's CPU profile places roughly 25 us " +
    'in the hook and 8 us in the exporter under load; the rest is not in it, which points at ' +
    'garbage collection on helper threads (each login allocates two Hmac objects with native ' +
    'handles, an attribute object and a header array, and login spans wait up to a second in ' +
    'the export queue). Next: node --trace-gc on the app, fewer allocations per login.',
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
