/**
 * The benchmark's Express app: the example app's login route and an ordinary route, with the
 * login hook chosen by `BENCH_HOOK` (`tcell`, `dd` or `none`) so that every variant runs the
 * same code apart from the hook call. Tracing comes from the preload the bench starts it with.
 *
 * The password check is a constant-time comparison of the plain password, not the example
 * app's scrypt: scrypt costs tens of milliseconds and would hide everything else on the route.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import express from 'express';
import type { Request, Response } from 'express';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent } from 'tcell-hooks';

interface DatadogUserTracking {
  appsec: {
    eventTrackingV2: {
      trackUserLoginSuccess(login: string, user: { id: string }): void;
      trackUserLoginFailure(login: string, exists: boolean): void;
    };
  };
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

type LoginHook = (attempt: LoginAttempt) => void;

const PASSWORDS = new Map([
  ['alice', Buffer.from('correct horse battery staple')],
  ['bob', Buffer.from('hunter2-but-longer')],
]);

function passwordMatches(username: string, password: string): boolean {
  const stored = PASSWORDS.get(username);
  const tried = Buffer.from(password);
  return stored !== undefined && stored.length === tried.length && timingSafeEqual(stored, tried);
}

function chooseHook(name: string | undefined): LoginHook | undefined {
  if (name === 'tcell') {
    return (attempt) =>
      sendExpressLoginEvent({
        status: attempt.ok ? LOGIN_SUCCESS : LOGIN_FAILURE,
        request: attempt.request,
        userId: attempt.username,
        sessionId: attempt.sessionId,
        userValid: attempt.known,
        password: attempt.password,
      });
  }
  if (name === 'dd') {
    // Loaded only in this variant: requiring dd-trace elsewhere would change the others.
    const tracer = createRequire(__filename)('dd-trace') as DatadogUserTracking;
    const tracking = tracer.appsec.eventTrackingV2;
    return ({ username, ok, known }) => {
      if (ok) tracking.trackUserLoginSuccess(username, { id: username });
      else tracking.trackUserLoginFailure(username, known);
    };
  }
  return undefined;
}

const loginHook = chooseHook(process.env.BENCH_HOOK);
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
  loginHook?.({ request, username, password, sessionId, ok, known: PASSWORDS.has(username) });
  if (ok) response.json({ signedIn: username });
  else response.status(401).json({ signedIn: null });
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
