/**
 * A Fastify 5 login app. Run it under the preload:
 *   node --require tcell-hooks/register build/examples/fastify-login/app.js
 * With FASTIFY_OTEL=true it also registers @fastify/otel, whose spans then sit between the
 * HTTP server span and the handler; the login event still lands on the server span.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendFastifyLoginEvent } from 'tcell-hooks';
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

async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify();
  if (process.env.FASTIFY_OTEL === 'true') {
    // Loaded only when asked for: @fastify/otel is a dev dependency of this repository.
    const { FastifyOtelInstrumentation } = await import('@fastify/otel');
    await app.register(new FastifyOtelInstrumentation().plugin());
  }
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.get('/login', async (request, reply) => {
    if (sessions.find(request.headers.cookie) === undefined) {
      reply.header('set-cookie', sessionCookie(sessions.create()));
    }
    return reply.type('text/html').send(loginPage('Please sign in.'));
  });

  app.post('/login', async (request, reply) => {
    const attempt = checkLoginForm(typeof request.body === 'string' ? request.body : '');
    const previous = sessions.find(request.headers.cookie);

    if (attempt.succeeded) {
      const sessionId = sessions.signIn(previous, attempt.username);
      sendFastifyLoginEvent({
        status: LOGIN_SUCCESS,
        request,
        userId: attempt.username,
        sessionId,
        userValid: true,
        password: attempt.password,
      });
      return reply.header('set-cookie', sessionCookie(sessionId)).redirect('/', 303);
    }

    const sessionId = previous ?? sessions.create();
    if (previous === undefined) reply.header('set-cookie', sessionCookie(sessionId));
    sendFastifyLoginEvent({
      status: LOGIN_FAILURE,
      request,
      userId: attempt.username,
      sessionId,
      userValid: attempt.userExists,
      password: attempt.password,
    });
    return reply.code(401).type('text/html').send(loginPage('Wrong user name or password.'));
  });

  app.get('/', async (request, reply) => {
    const username = sessions.userOf(sessions.find(request.headers.cookie));
    if (username === undefined) return reply.redirect('/login', 303);
    return reply.type('text/html').send(homePage(username));
  });
  return app;
}

async function main(): Promise<void> {
  const app = await buildApp();
  await app.listen({ port: listenPort(), host: '127.0.0.1' });
  announce('fastify-login', app.server);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
