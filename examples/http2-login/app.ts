/**
 * A login app on `node:http2` (the compatibility API, cleartext h2c). Run it under the preload:
 *   node --require tcell-hooks/register build/examples/http2-login/app.js
 * No OpenTelemetry instrumentation makes server spans for `node:http2`, and Node 20 publishes
 * no request-start diagnostics channel for it, so this app opens the server span itself and
 * passes the request explicitly with sendHttpLoginEvent.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createServer } from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendHttpLoginEvent } from 'tcell-hooks';
import {
  announce,
  checkLoginForm,
  homePage,
  listenPort,
  loginPage,
  readBody,
  sessionCookie,
  SessionStore,
} from '../shared/login-site';

const sessions = new SessionStore();
const tracer = trace.getTracer('http2-login');

function sendHtml(response: Http2ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

async function handleLogin(request: Http2ServerRequest, response: Http2ServerResponse) {
  const attempt = checkLoginForm(await readBody(request));
  const previous = sessions.find(request.headers.cookie);
  const sessionId = attempt.succeeded
    ? sessions.signIn(previous, attempt.username)
    : (previous ?? sessions.create());
  if (sessionId !== previous) response.setHeader('set-cookie', sessionCookie(sessionId));

  sendHttpLoginEvent({
    status: attempt.succeeded ? LOGIN_SUCCESS : LOGIN_FAILURE,
    request,
    userId: attempt.username,
    sessionId,
    userValid: attempt.userExists,
    password: attempt.password,
  });
  if (attempt.succeeded) response.writeHead(303, { location: '/' }).end();
  else sendHtml(response, 401, loginPage('Wrong user name or password.'));
}

async function route(request: Http2ServerRequest, response: Http2ServerResponse): Promise<void> {
  const path = new URL(request.url, 'http://localhost').pathname;
  const previous = sessions.find(request.headers.cookie);

  if (request.method === 'POST' && path === '/login') {
    await handleLogin(request, response);
  } else if (request.method === 'GET' && path === '/login') {
    if (previous === undefined) response.setHeader('set-cookie', sessionCookie(sessions.create()));
    sendHtml(response, 200, loginPage('Please sign in.'));
  } else if (request.method === 'GET' && path === '/') {
    const username = sessions.userOf(previous);
    if (username === undefined) response.writeHead(303, { location: '/login' }).end();
    else sendHtml(response, 200, homePage(username));
  } else {
    sendHtml(response, 404, 'Not found');
  }
}

const server = createServer((request, response) => {
  const span = tracer.startSpan(`${request.method} ${new URL(request.url, 'http://x').pathname}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': request.method, 'network.protocol.version': '2' },
  });
  response.once('finish', () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    span.end();
  });
  context
    .with(trace.setSpan(context.active(), span), () => route(request, response))
    .catch(() => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      sendHtml(response, 500, 'Server error');
    });
});
server.listen(listenPort(), '127.0.0.1', () => announce('http2-login', server));
