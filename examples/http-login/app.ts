/**
 * A login app on plain `node:http`, the way NestJS and hapi apps look underneath. Run it under
 * the preload:
 *   node --require tcell-hooks/register build/examples/http-login/app.js
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location }).end();
}

async function handleLogin(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const attempt = checkLoginForm(await readBody(request));
  const previous = sessions.find(request.headers.cookie);

  if (attempt.succeeded) {
    const sessionId = sessions.signIn(previous, attempt.username);
    sendHttpLoginEvent({
      status: LOGIN_SUCCESS,
      request,
      userId: attempt.username,
      sessionId,
      userValid: true,
      password: attempt.password,
    });
    response.setHeader('set-cookie', sessionCookie(sessionId));
    redirect(response, '/');
    return;
  }

  const sessionId = previous ?? sessions.create();
  if (previous === undefined) response.setHeader('set-cookie', sessionCookie(sessionId));
  sendHttpLoginEvent({
    status: LOGIN_FAILURE,
    request,
    userId: attempt.username,
    sessionId,
    userValid: attempt.userExists,
    password: attempt.password,
  });
  sendHtml(response, 401, loginPage('Wrong user name or password.'));
}

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const previous = sessions.find(request.headers.cookie);

  if (request.method === 'POST' && path === '/login') {
    await handleLogin(request, response);
  } else if (request.method === 'GET' && path === '/login') {
    if (previous === undefined) response.setHeader('set-cookie', sessionCookie(sessions.create()));
    sendHtml(response, 200, loginPage('Please sign in.'));
  } else if (request.method === 'GET' && path === '/') {
    const username = sessions.userOf(previous);
    if (username === undefined) redirect(response, '/login');
    else sendHtml(response, 200, homePage(username));
  } else {
    sendHtml(response, 404, 'Not found');
  }
}

const server = createServer((request, response) => {
  route(request, response).catch(() => sendHtml(response, 500, 'Server error'));
});
server.listen(listenPort(), '127.0.0.1', () => announce('http-login', server));
