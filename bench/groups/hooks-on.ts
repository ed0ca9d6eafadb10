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
import { compareLoops } from '../lib/micro';
import type { BenchRow } from '../lib/rows';
import { formatNanoseconds, median, medianRatio } from '../lib/stats';

const SESSION_KEY = 'bench-session-key';
// A span keeps 128 events by default; past that it drops the oldest, which costs differently.
// Each span therefore takes one batch of logins, and only the logins are timed.
const BATCH = 100;

let keep: unknown;

function setUpTracing(): void {
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

function recordLogins(iterations: number): number {
  const tracer = trace.getTracer('bench');
  const request = browserLoginRequest();
  const timeBatch = (): number => {
    const start = performance.now();
    for (let index = 0; index < BATCH; index += 1) {
      sendExpressLoginEvent({
        status: LOGIN_SUCCESS,
        request,
        userId: USER_IDS[index & 7],
        sessionId: SESSION_IDS[index & 7],
        userValid: true,
        password: 'correct horse battery staple',
      });
    }
    return performance.now() - start;
  };

  let elapsed = 0;
  for (let done = 0; done < iterations; done += BATCH) {
    const span = tracer.startSpan('POST /login', { kind: SpanKind.SERVER });
    elapsed += context.with(trace.setSpan(context.active(), span), timeBatch);
    span.end();
  }
  return (elapsed * iterations) / (Math.ceil(iterations / BATCH) * BATCH);
}

function hmacSessionIds(iterations: number): number {
  let elapsed = 0;
  for (let done = 0; done < iterations; done += BATCH) {
    const start = performance.now();
    for (let index = 0; index < BATCH; index += 1) {
      keep = createHmac('sha256', SESSION_KEY)
        .update(SESSION_IDS[index & 7], 'utf8')
        .digest('hex');
    }
    elapsed += performance.now() - start;
  }
  return (elapsed * iterations) / (Math.ceil(iterations / BATCH) * BATCH);
}

const hooksOn: BenchRow = {
  name: 'Hooks on',
  describe:
    'sendExpressLoginEvent with a 12-header browser request, user id, session id and password ' +
    '(session HMAC and password fingerprint) into a recording span of a NodeTracerProvider, ' +
    'vs createHmac(sha256) of the session id alone; ns per call, median of per-round ratios.',
  target: { relation: '<=', value: 2.5, unit: 'x' },
  async measure(settings) {
    setUpTracing();
    checkLoginIsRecorded();
    const rounds = await compareLoops(settings, recordLogins, hmacSessionIds);
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

/** Rows of this group. */
export const rows: BenchRow[] = [hooksOn];
