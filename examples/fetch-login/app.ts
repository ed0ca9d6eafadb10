/**
 * A login app written as a WHATWG fetch handler (`Request` in, `Response` out), the shape of
 * Next.js route handlers and Hono, served by a small `node:http` bridge. Run it under the
 * preload:
 *   node --require tcell-hooks/register build/examples/fetch-login/app.js
 * Because the bridge builds the `Request` from the Node request being served, tcell-hooks
 * takes header order and client address from that Node request.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendFetchLoginEvent } from 'tcell-hooks';
import {
  announce,
  checkLoginForm,
  homePage,
  listenPort,
  loginPage,
  sessionCookie,
  SessionStore,
} from '../shared/login-site';

const sessions = new SessionStore();

function html(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  });
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, ...headers } });
}

/** The application: a fetch handler, unaware of Node. */
async function handle(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const previous = sessions.find(request.headers.get('cookie'));

  if (request.method === 'GET' && path === '/login') {
    const headers: Record<string, string> =
      previous === undefined ? { 'set-cookie': sessionCookie(sessions.create()) } : {};
    return html(200, loginPage('Please sign in.'), headers);
  }
  if (request.method === 'GET' && path === '/') {
    const username = sessions.userOf(previous);
    return username === undefined ? redirect('/login') : html(200, homePage(username));
  }
  if (request.method !== 'POST' || path !== '/login') return html(404, 'Not found');

  const attempt = checkLoginForm(await request.text());
  if (attempt.succeeded) {
    const sessionId = sessions.signIn(previous, attempt.username);
    sendFetchLoginEvent({
      status: LOGIN_SUCCESS,
      request,
      userId: attempt.username,
      sessionId,
      userValid: true,
      password: attempt.password,
    });
    return redirect('/', { 'set-cookie': sessionCookie(sessionId) });
  }

  const sessionId = previous ?? sessions.create();
  sendFetchLoginEvent({
    status: LOGIN_FAILURE,
    request,
    userId: attempt.username,
    sessionId,
    userValid: attempt.userExists,
    password: attempt.password,
  });
  const headers: Record<string, string> =
    previous === undefined ? { 'set-cookie': sessionCookie(sessionId) } : {};
  return html(401, loginPage('Wrong user name or password.'), headers);
}

/** The bridge: Node request -> `Request`, `Response` -> Node response. */
function toFetchRequest(incoming: IncomingMessage): Request {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index], incoming.rawHeaders[index + 1]);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? Readable.toWeb(incoming) : undefined,
    duplex: 'half',
  });
}

async function writeResponse(fetchResponse: Response, response: ServerResponse): Promise<void> {
  response.statusCode = fetchResponse.status;
  fetchResponse.headers.forEach((value, name) => response.setHeader(name, value));
  response.end(Buffer.from(await fetchResponse.arrayBuffer()));
}

const server = createServer((incoming, response) => {
  handle(toFetchRequest(incoming))
    .then((fetchResponse) => writeResponse(fetchResponse, response))
    .catch(() => response.writeHead(500).end('Server error'));
});
server.listen(listenPort(), '127.0.0.1', () => announce('fetch-login', server));
