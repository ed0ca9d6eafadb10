/**
 * Hooks on: one login recorded into a recording span of a real SDK tracer provider, with the
 * tcell-hooks instrumentation enabled, compared with one HMAC-SHA256 of the session id.
 */
import { createHmac } from 'node:crypto';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { LOGIN_SUCCESS, sendExpressLoginEvent } from 'tcell-hooks';
import { TcellLoginInstrumentation } from 'tcell-hooks/instrumentation';
import { browserLoginRequest, SESSION_IDS, USER_IDS } from '../lib/login-request';
import type { TimedLoop } from '../lib/micro';
import { compareLoops } from '../lib/micro';
import type { BenchRow } from '../lib/rows';
import { formatNanoseconds, median, medianRatio } from '../lib/stats';

const SESSION_KEY = 'bench-session-key';
let keep: unknown;

let tracingReady = false;

function setUpTracing(): void {
  if (tracingReady) return;
  tracingReady = true;
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new tracing.NoopSpanProcessor()],
  });
  provider.register();
  new TcellLoginInstrumentation({
    hmacKey: SESSION_KEY,
    appId: 'bench-app',
    passwordHmacKey: 'bench-password-key',
  });
}

/** Fails when a login does not reach the span, so a broken set-up cannot look fast. */
function checkLoginIsRecorded(): void {
  const span = trace.getTracer('bench').startSpan('check', { kind: SpanKind.SERVER });
  context.with(trace.setSpan(context.active(), span), () =>
    sendExpressLoginEvent({
      status: LOGIN_SUCCESS,
      request: browserLoginRequest(),
      sessionId: 's',
    }),
  );
  span.end();
  const events = (span as unknown as { events: { name: string }[] }).events;
  if (events.length !== 1 || events[0].name !== 'tcell.login') {
    throw new Error('the login was not recorded into the span; the figure would mean nothing');
  }
}

/**
 * A timed loop of logins, one per span as in a real request; with `password`, each login also
 * computes the password fingerprint. Only the hook call is timed, never the span's start and
 * end; the HMAC baseline is timed in the same one-call steps, so the timer costs both the same.
 */
function recordLoginsLoop(password: string | undefined): TimedLoop {
  const tracer = trace.getTracer('bench');
  const request = browserLoginRequest();
  let call = 0;
  const timeOneLogin = (): number => {
    const start = performance.now();
    sendExpressLoginEvent({
      status: LOGIN_SUCCESS,
      request,
      userId: USER_IDS[call & 7],
      sessionId: SESSION_IDS[call & 7],
      userValid: true,
      password,
    });
    return performance.now() - start;
  };

  return (iterations) => {
    let elapsed = 0;
    for (call = 0; call < iterations; call += 1) {
      const span = tracer.startSpan('POST /login', { kind: SpanKind.SERVER });
      elapsed += context.with(trace.setSpan(context.active(), span), timeOneLogin);
      span.end();
    }
    return elapsed;
  };
}

function hmacSessionIds(iterations: number): number {
  let elapsed = 0;
  for (let call = 0; call < iterations; call += 1) {
    const start = performance.now();
    keep = createHmac('sha256', SESSION_KEY)
      .update(SESSION_IDS[call & 7], 'utf8')
      .digest('hex');
    elapsed += performance.now() - start;
  }
  return elapsed;
}

/** A hooks-on row: logins with or without a password to fingerprint, vs one HMAC. */
function hooksOnRow(
  name: string,
  password: string | undefined,
  hashes: string,
  whenMissed: string,
): BenchRow {
  return {
    name,
    whenMissed,
    describe:
      `sendExpressLoginEvent with a 12-header browser request, user id and session id ${hashes} ` +
      'into a fresh recording span of a NodeTracerProvider (tcell-hooks instrumentation ' +
      'enabled; span start/end not timed), ' +
      'vs createHmac(sha256) of the session id alone; ns per call, median of per-round ratios.',
    target: { relation: '<=', value: 2.5, unit: 'x' },
    async measure(settings) {
      setUpTracing();
      checkLoginIsRecorded();
      const rounds = await compareLoops(settings, recordLoginsLoop(password), hmacSessionIds);
      const ratio = medianRatio(rounds);
      void keep;
      return {
        figure: `${formatNanoseconds(median(rounds.figure))}/login`,
        compared: `${formatNanoseconds(median(rounds.baseline))}/HMAC`,
        ratio: `${ratio.toFixed(2)}x`,
        value: ratio,
      };
    },
  };
}

/** Rows of this group. */
export const rows: BenchRow[] = [
  hooksOnRow(
    'Hooks on',
    'correct horse battery staple',
    'and password (three HMACs: session HMAC, password fingerprint and password spray ' +
      'fingerprint)',
    "the HMACs are now computed in JavaScript with the keys' pads compressed once " +
      '(src/hmac-sha256.ts, about 0.9 us each against 1.6 us for createHmac), so the three ' +
      'cost about 1.7x of the baseline by themselves; Span.addEvent adds about 0.6x and our ' +
      'field work and the hand-over to the processor about 1.5x. Under 2.5x would take fewer ' +
      "hashes per login, but the password fingerprint is tCell's and the spray fingerprint " +
      'is what lets a detector in another process (the bridge) see password spraying; ' +
      'computing either later would keep the raw password in the span, which the design ' +
      'forbids.',
  ),
  hooksOnRow(
    'Hooks on, no password',
    undefined,
    '(one HMAC: the session HMAC)',
    'one HMAC plus Span.addEvent is about 1.6x in a profile; our own work (reading 12 header ' +
      'names, cleaning four text fields and the IP address, building the attributes) is ' +
      'about 0.6-0.7x after the changes in src/fields.ts; the login id now comes from a pooled ' +
      'CSPRNG draw (src/login-id.ts; one randomBytes(16) per login cost more than an HMAC). ' +
      'Profile with --only=hooks-on ' +
      '--cpu-prof and look under record() in src/recorder.ts.',
  ),
];
