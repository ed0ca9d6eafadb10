/**
 * A Koa 3 login app. Run it under the preload:
 *   node --require tcell-hooks/register build/examples/koa-login/app.js
 */
import Koa from 'koa';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendKoaLoginEvent } from 'tcell-hooks';
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
const app = new Koa();

app.use(async (ctx) => {
  const previous = sessions.find(ctx.get('cookie'));

  if (ctx.method === 'GET' && ctx.path === '/login') {
    if (previous === undefined) ctx.set('set-cookie', sessionCookie(sessions.create()));
    ctx.type = 'html';
    ctx.body = loginPage('Please sign in.');
    return;
  }

  if (ctx.method === 'POST' && ctx.path === '/login') {
    const attempt = checkLoginForm(await readBody(ctx.req));
    if (attempt.succeeded) {
      const sessionId = sessions.signIn(previous, attempt.username);
      sendKoaLoginEvent({
        status: LOGIN_SUCCESS,
        request: ctx,
        userId: attempt.username,
        sessionId,
        userValid: true,
        password: attempt.password,
      });
      ctx.set('set-cookie', sessionCookie(sessionId));
      ctx.status = 303;
      ctx.redirect('/');
      return;
    }

    const sessionId = previous ?? sessions.create();
    if (previous === undefined) ctx.set('set-cookie', sessionCookie(sessionId));
    sendKoaLoginEvent({
      status: LOGIN_FAILURE,
      request: ctx,
      userId: attempt.username,
      sessionId,
      userValid: attempt.userExists,
      password: attempt.password,
    });
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = loginPage('Wrong user name or password.');
    return;
  }

  if (ctx.method === 'GET' && ctx.path === '/') {
    const username = sessions.userOf(previous);
    if (username === undefined) {
      ctx.status = 303;
      ctx.redirect('/login');
      return;
    }
    ctx.type = 'html';
    ctx.body = homePage(username);
  }
});

const server = app.listen(listenPort(), '127.0.0.1', () => announce('koa-login', server));
