/**
 * An Express app that signs users in with passport-local and express-session, and calls no
 * tcell-hooks function at all. Run it under the preload with passport login events on:
 *   TCELL_PASSPORT=true node --require tcell-hooks/register build/examples/passport-login/app.js
 * Every login attempt then becomes a tCell event in tcell-events.jsonl.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { VerifyFunction } from 'passport-local';
import type { StoredUser } from '../express-login/users';
import { createUserTable, hashPassword, passwordMatches } from '../express-login/users';

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
  }
}

/** Accounts keyed by e-mail address. */
const accounts = new Map<string, StoredUser>(
  [...createUserTable().values()].map((user) => [`${user.username}@example.com`, user]),
);
/** Accounts of an older system, still accepted until their owners move over. */
const legacyAccounts = new Map<string, StoredUser>([
  ['dave@legacy.example.com', hashPassword('dave', 'legacy password 7')],
]);

// The messages never reach the browser (failures redirect without a message); passport hands
// them to whoever watches the strategy.
function verifyWith(table: Map<string, StoredUser>, unknownMessage: string): VerifyFunction {
  return (email, password, done) => {
    const user = table.get(email);
    if (user === undefined) return done(null, false, { message: unknownMessage });
    if (!passwordMatches(user, password)) {
      return done(null, false, { message: 'Incorrect password.' });
    }
    return done(null, { email });
  };
}

passport.use(
  'local',
  new LocalStrategy({ usernameField: 'email' }, verifyWith(accounts, 'Incorrect username.')),
);
passport.use(
  'legacy',
  new LocalStrategy({ usernameField: 'email' }, verifyWith(legacyAccounts, 'Unknown user')),
);
passport.serializeUser((user, done) => done(null, (user as { email: string }).email));
passport.deserializeUser((email: string, done) => done(null, { email }));

const loginPage = (csrfToken: string): string => `<!doctype html>
<html><head><title>Sign in</title></head><body>
<h1>Sign in</h1>
<form method="post" action="/login">
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <label>E-mail <input name="email" type="email" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form></body></html>`;

function checkCsrfToken(request: Request, response: Response, next: NextFunction): void {
  const token = (request.body as Record<string, unknown> | undefined)?._csrf;
  const sent = Buffer.from(typeof token === 'string' ? token : '');
  const expected = Buffer.from(request.session.csrfToken ?? '');
  if (
    expected.length === 0 ||
    sent.length !== expected.length ||
    !timingSafeEqual(sent, expected)
  ) {
    response.status(403).send('Forbidden');
    return;
  }
  next();
}

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(
  session({
    name: 'sid',
    secret: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  }),
);
app.use(passport.session());

app.get('/login', (request, response) => {
  request.session.csrfToken ??= randomBytes(24).toString('base64url');
  response.type('html').send(loginPage(request.session.csrfToken));
});

app.post(
  '/login',
  checkCsrfToken,
  passport.authenticate(['local', 'legacy'], { successRedirect: '/', failureRedirect: '/login' }),
);

app.get('/', (request, response) => {
  const user = request.user as { email: string } | undefined;
  if (user === undefined) {
    response.redirect(303, '/login');
    return;
  }
  response.type('html').send(`<!doctype html><p id="message">Signed in as ${user.email}.</p>`);
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`passport-login listening on http://127.0.0.1:${port}`);
});
