/**
 * What every framework example shares: the demo accounts, the sign-in page, a session store
 * and the form parser. Each example is then only its framework's wiring and one hook call.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:net';
import type { Readable } from 'node:stream';
import { createUserTable, passwordMatches } from '../express-login/users';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'sid';

const users = createUserTable();

/** The outcome of checking one submitted user name and password. */
export interface LoginCheck {
  username: string;
  password: string;
  /** Whether the account exists. */
  userExists: boolean;
  /** Whether the password is right for it. */
  succeeded: boolean;
}

/** Checks a submitted form (`username=...&password=...`) against the demo accounts. */
export function checkLoginForm(formBody: string): LoginCheck {
  const form = new URLSearchParams(formBody);
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const user = users.get(username);
  const succeeded = user !== undefined && passwordMatches(user, password);
  return { username, password, userExists: user !== undefined, succeeded };
}

/** Session id -> signed-in user name (undefined while anonymous). */
export class SessionStore {
  private readonly sessions = new Map<string, string | undefined>();

  /** Starts a session and returns its id. */
  create(username?: string): string {
    const sessionId = randomBytes(24).toString('base64url');
    this.sessions.set(sessionId, username);
    return sessionId;
  }

  /** The id of a known session named in a Cookie header, if any. */
  find(cookieHeader: string | null | undefined): string | undefined {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      const sessionId = value.join('=');
      if (name === SESSION_COOKIE && this.sessions.has(sessionId)) return sessionId;
    }
    return undefined;
  }

  /** The user signed in to a session, if any. */
  userOf(sessionId: string | undefined): string | undefined {
    return sessionId === undefined ? undefined : this.sessions.get(sessionId);
  }

  /**
   * Signs a user in: a fresh session replaces the old one, so a session fixed before login is
   * worthless. Returns the new session id.
   */
  signIn(previous: string | undefined, username: string): string {
    if (previous !== undefined) this.sessions.delete(previous);
    return this.create(username);
  }
}

/** The Set-Cookie value for a session. */
export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The sign-in page. */
export function loginPage(message: string): string {
  return `<!doctype html>
<html><head><title>Sign in</title></head><body>
<h1>Sign in</h1><p id="message">${message}</p>
<form method="post" action="/login">
  <label>User <input name="username" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form></body></html>`;
}

/** The page of a signed-in user. */
export function homePage(username: string): string {
  return `<!doctype html><p id="message">Signed in as ${username}.</p>`;
}

/** Reads a whole request body as UTF-8 text, up to 64 KiB. */
export async function readBody(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    length += bytes.length;
    if (length > 65536) throw new Error('request body too large');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints the line tests and people wait for: `<name> listening on http://127.0.0.1:PORT`. */
export function announce(name: string, server: Server): void {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`${name} listening on http://127.0.0.1:${port}`);
}

/** The port to listen on: `PORT`, or any free one. */
export function listenPort(): number {
  return Number(process.env.PORT ?? 0);
}
