/**
 * A small Express app with a login form. Run it under the preload:
 *   node --require tcell-hooks/register build/examples/express-login/app.js
 * Each login attempt is reported with sendExpressLoginEvent; the preload turns it into a
 * tCell event in tcell-events.jsonl.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Request, Response } from 'express';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent } from 'tcell-hooks';
import { createUserTable, passwordMatches } from './users';

const SESSION_COOKIE = 'sid';
const users = createUserTable();
/** Session id -> logged-in user name (undefined while anonymous). */
const sessions = new Map<string, string | undefined>();

function newSession(response: Response, username?: string): string {
  const sessionId = randomBytes(24).toString('base64url');
  sessions.set(sessionId, username);
  response.cookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'lax', path: '/' });
  return sessionId;
}

function sessionOf(request: Request): string | undefined {
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && sessions.has(value.join('='))) return value.join('=');
  }
  return undefined;
}

const loginPage = (message: string): string => `<!doctype html>
<html><head><title>Sign in</title></head><body>
<h1>Sign in</h1><p id="message">${message}</p>
<form method="post" action="/login">
  <label>User <input name="username" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form></body></html>`;

const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/login', (request, response) => {
  if (sessionOf(request) === undefined) newSession(response);
  response.type('html').send(loginPage('Please sign in.'));
});

app.post('/login', (request: Request, response: Response) => {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const username = typeof body.username === 'string' ? body.username : '';
  const password = typeof body.password === 'string' ? body.password : '';
  const user = users.get(username);

  if (user !== undefined && passwordMatches(user, password)) {
    // A new session on login, so a session fixed before login is worthless.
    const previous = sessionOf(request);
    if (previous !== undefined) sessions.delete(previous);
    const sessionId = newSession(response, username);
    sendExpressLoginEvent({
      status: LOGIN_SUCCESS,
      request,
      userId: username,
      sessionId,
      userValid: true,
      password,
    });
    response.redirect(303, '/');
    return;
  }

  const sessionId = sessionOf(request) ?? newSession(response);
  sendExpressLoginEvent({
    status: LOGIN_FAILURE,
    request,
    userId: username,
    sessionId,
    userValid: user !== undefined,
    password,
  });
  response.status(401).type('html').send(loginPage('Wrong user name or password.'));
});

app.get('/', (request, response) => {
  const sessionId = sessionOf(request);
  const username = sessionId === undefined ? undefined : sessions.get(sessionId);
  if (username === undefined) {
    response.redirect(303, '/login');
    return;
  }
  response.type('html').send(`<!doctype html><p id="message">Signed in as ${username}.</p>`);
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`express-login listening on http://127.0.0.1:${port}`);
});
