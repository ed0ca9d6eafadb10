/**
 * The benchmark's Express app: the example app's login route and an ordinary route, with the
 * login hook chosen by `BENCH_HOOK` (`tcell`, `dd` or `none`) so that every variant runs the
 * same code apart from the hook call. Tracing comes from the preload the bench starts it with.
 * A hook's library is loaded only in its own variant, so with no preload and `none` the app is
 * plain Express with no OpenTelemetry module loaded at all.
 *
 * The password check compares the plain password in constant time instead of the example
 * app's scrypt, which costs tens of milliseconds and would hide everything else on the route.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import express from 'express';
import type { Request, Response } from 'express';
import type * as TcellHooks from 'tcell-hooks';

interface DatadogTracer {
  appsec: {
    eventTrackingV2: {
      trackUserLoginSuccess(login: string, user: { id: string }): void;
      trackUserLoginFailure(login: string, exists: boolean): void;
    };
  };
  scope(): { active(): unknown };
}

interface OpenTelemetryApi {
  trace: { getActiveSpan(): { isRecording(): boolean } | undefined };
}

/** One login attempt as the route saw it. */
interface LoginAttempt {
  request: Request;
  username: string;
  password: string;
  sessionId: string;
  ok: boolean;
  known: boolean;
}

/** The hook of one variant, and whether a tracer is following the current request. */
interface Variant {
  recordLogin(attempt: LoginAttempt): void;
  traced(): boolean;
}

const load = createRequire(__filename);
const PASSWORDS = new Map([
  ['alice', Buffer.from('correct horse battery staple')],
  ['bob', Buffer.from('hunter2-but-longer')],
]);

function passwordMatches(username: string, password: string): boolean {
  const stored = PASSWORDS.get(username);
  const tried = Buffer.from(password);
  return stored !== undefined && stored.length === tried.length && timingSafeEqual(stored, tried);
}

function chooseVariant(name: string | undefined): Variant {
  if (name === 'tcell') {
    const hooks = load('tcell-hooks') as typeof TcellHooks;
    const api = load('@opentelemetry/api') as OpenTelemetryApi;
    return {
      recordLogin: (attempt) =>
        hooks.sendExpressLoginEvent({
          status: attempt.ok ? hooks.LOGIN_SUCCESS : hooks.LOGIN_FAILURE,
          request: attempt.request,
          userId: attempt.username,
          sessionId: attempt.sessionId,
          userValid: attempt.known,
          password: attempt.password,
        }),
      traced: () => api.trace.getActiveSpan()?.isRecording() === true,
    };
  }
  if (name === 'dd') {
    const tracer = load('dd-trace') as DatadogTracer;
    const tracking = tracer.appsec.eventTrackingV2;
    return {
      recordLogin: ({ username, ok, known }) => {
        if (ok) tracking.trackUserLoginSuccess(username, { id: username });
        else tracking.trackUserLoginFailure(username, known);
      },
      traced: () => tracer.scope().active() !== null,
    };
  }
  return { recordLogin: () => undefined, traced: () => false };
}

const variant = chooseVariant(process.env.BENCH_HOOK);
const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/items/:id', (request, response) => {
  response.json({ id: request.params.id, name: `item ${request.params.id}`, inStock: true });
});

app.post('/login', (request: Request, response: Response) => {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const username = typeof body.username === 'string' ? body.username : '';
  const password = typeof body.password === 'string' ? body.password : '';
  const ok = passwordMatches(username, password);

  const sessionId = randomBytes(24).toString('base64url');
  response.cookie('sid', sessionId, { httpOnly: true, sameSite: 'lax', path: '/' });
  variant.recordLogin({
    request,
    username,
    password,
    sessionId,
    ok,
    known: PASSWORDS.has(username),
  });
  if (ok) response.json({ signedIn: username });
  else response.status(401).json({ signedIn: null });
});

// The bench reads the server's CPU time around each run, and checks once which variant traces.
app.get('/__bench/state', (_request, response) => {
  const { user, system } = process.cpuUsage();
  response.json({ cpuMicros: user + system, traced: variant.traced() });
});

// Heap after a full collection, for the memory figure (needs --expose-gc).
app.get('/__bench/heap', (_request, response) => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  response.json({ collected: collect !== undefined, ...process.memoryUsage() });
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`bench-app listening on http://127.0.0.1:${port}`);
});
