import { logger } from '../src/diagnostics';
import { sendExpressLoginEvent } from '../src/hooks';
import { LOGIN_FAILURE, LOGIN_SUCCESS } from '../src/status';
import type { HttpRequestLike, LoginStatus } from '../src/types';
import type { CredentialSource, LocalStrategyFields } from './passport-credentials';
import { submittedCredentials, userValidFromInfo } from './passport-credentials';

/*
 * Passport runs `authenticate(name | names)` as a chain: for each strategy it makes a fresh
 * object on the strategy's prototype, gives it `success`, `fail`, `pass`, `error` and
 * `redirect`, and calls its `authenticate(req)`. A `fail` moves on to the next strategy; the
 * chain fails when the last one fails. The patch wraps `Authenticator#authenticate` (to know
 * how long each chain is) and `Authenticator#_strategy` (to see each strategy's outcome), and
 * records one login event per chain in which a passport-local strategy received credentials.
 */

type LoginCallback = (error?: unknown) => unknown;
type LoginFunction = (user: unknown, options?: unknown, done?: unknown) => unknown;

/** An Express request as passport sees it. */
interface PassportRequest extends HttpRequestLike, CredentialSource {
  sessionID?: unknown;
  login?: LoginFunction;
  logIn?: LoginFunction;
}

/** A strategy while passport runs it, with the outcome functions passport gave it. */
interface RunningStrategy extends LocalStrategyFields {
  authenticate: (this: unknown, request: PassportRequest, options?: unknown) => unknown;
  success: (this: unknown, user: unknown, info?: unknown) => unknown;
  fail: (this: unknown, challenge?: unknown, status?: unknown) => unknown;
  pass: (this: unknown) => unknown;
}

type Middleware = (this: unknown, request: PassportRequest, ...rest: unknown[]) => unknown;

/** The methods of passport's `Authenticator` the patch replaces. */
interface AuthenticatorMethods {
  authenticate: (this: unknown, names: unknown, ...rest: unknown[]) => Middleware;
  _strategy: (this: unknown, name: unknown) => object | undefined;
}

/** The parts of the passport module the patch needs: its Authenticator class. */
export interface PassportModuleLike {
  Authenticator?: { prototype: object };
}

/** One `authenticate` chain run for one request. */
interface LoginAttempt {
  strategiesLeft: number;
  username?: string;
  password?: string;
  userValid?: boolean;
  recorded: boolean;
}

const attempts = new WeakMap<object, LoginAttempt>();
const watchedStrategies = new WeakMap<object, object>();
const ORIGINALS = Symbol('tcell-hooks.passport.originals');

type PatchedPrototype = AuthenticatorMethods & { [ORIGINALS]?: AuthenticatorMethods };

/**
 * Makes every `authenticate` of this passport module record `tcell.login` events by itself.
 * Returns false (with a diagnostic) when the module does not look like passport.
 */
export function patchPassport(passport: PassportModuleLike): boolean {
  const prototype = passport?.Authenticator?.prototype as PatchedPrototype | undefined;
  if (typeof prototype?.authenticate !== 'function' || typeof prototype._strategy !== 'function') {
    logger.warn('tcell-hooks passport-unrecognised: no Authenticator; login events stay manual');
    return false;
  }
  if (prototype[ORIGINALS] !== undefined) return true;

  const originals = { authenticate: prototype.authenticate, _strategy: prototype._strategy };
  prototype[ORIGINALS] = originals;
  prototype.authenticate = watchChains(originals.authenticate);
  prototype._strategy = function (this: unknown, name: unknown) {
    const strategy = originals._strategy.call(this, name);
    return strategy === undefined ? undefined : watchedStrategy(strategy);
  };
  return true;
}

/** Undoes `patchPassport`; middleware made while patched keeps counting its chains harmlessly. */
export function unpatchPassport(passport: PassportModuleLike): void {
  const prototype = passport?.Authenticator?.prototype as PatchedPrototype | undefined;
  const originals = prototype?.[ORIGINALS];
  if (prototype === undefined || originals === undefined) return;
  prototype.authenticate = originals.authenticate;
  prototype._strategy = originals._strategy;
  delete prototype[ORIGINALS];
}

function watchChains(original: AuthenticatorMethods['authenticate']) {
  return function authenticate(this: unknown, names: unknown, ...rest: unknown[]): Middleware {
    // Strategy objects passed in place of names never go through `_strategy`.
    const layers = Array.isArray(names) ? names.map(watchedLayer) : watchedLayer(names);
    const middleware = original.call(this, layers, ...rest);
    const length = Array.isArray(names) ? names.length : 1;
    if (typeof middleware !== 'function') return middleware;

    return function (this: unknown, request: PassportRequest, ...next: unknown[]) {
      if (typeof request === 'object' && request !== null) {
        attempts.set(request, { strategiesLeft: length, recorded: false });
      }
      return middleware.call(this, request, ...next);
    };
  };
}

function watchedLayer(layer: unknown): unknown {
  const isStrategy =
    typeof layer === 'object' &&
    layer !== null &&
    typeof (layer as { authenticate?: unknown }).authenticate === 'function';
  return isStrategy ? watchedStrategy(layer) : layer;
}

/** A strategy whose `authenticate` first wraps the outcome functions passport assigned. */
function watchedStrategy(strategy: object): object {
  let watched = watchedStrategies.get(strategy);
  if (watched === undefined) {
    const original = (strategy as RunningStrategy).authenticate;
    watched = Object.create(strategy, {
      authenticate: {
        value: function (this: RunningStrategy, request: PassportRequest, options?: unknown) {
          try {
            watchOutcome(this, request);
          } catch {
            logger.warn('tcell-hooks passport-watch-failed: this login is not recorded');
          }
          return original.call(this, request, options);
        },
      },
    }) as object;
    watchedStrategies.set(strategy, watched);
  }
  return watched;
}

function watchOutcome(strategy: RunningStrategy, request: PassportRequest): void {
  const attempt = attempts.get(request);
  if (attempt === undefined) return;
  attempt.strategiesLeft -= 1;
  const isLast = attempt.strategiesLeft <= 0;
  const credentials = submittedCredentials(strategy, request);
  if (credentials !== undefined && attempt.username === undefined) {
    attempt.username = credentials.username;
    attempt.password = credentials.password;
  }

  const { success, fail, pass } = strategy;
  strategy.success = function (this: unknown, ...outcome: unknown[]) {
    return recordSuccessAround(request, attempt, () => success.apply(this, outcome as [unknown]));
  };
  strategy.fail = function (this: unknown, ...outcome: unknown[]) {
    if (credentials !== undefined) attempt.userValid ??= userValidFromInfo(outcome[0]);
    if (isLast) record(request, attempt, LOGIN_FAILURE);
    return fail.apply(this, outcome as []);
  };
  // A strategy that lets the request through unauthenticated after a local failure: the
  // credentials were still wrong.
  strategy.pass = function (this: unknown) {
    record(request, attempt, LOGIN_FAILURE);
    return pass.call(this);
  };
}

/**
 * Runs passport's `success` and records the login once it is complete. Passport's success (or
 * the application's callback) calls `req.login`, which, with sessions, regenerates the session:
 * the event then carries the new session id, the one the user goes on with. When `login` is not
 * called during `success`, the event is recorded right after it, with the id of that moment.
 */
function recordSuccessAround(
  request: PassportRequest,
  attempt: LoginAttempt,
  success: () => unknown,
): unknown {
  if (attempt.username === undefined || attempt.recorded) return success();

  const { login, logIn } = request;
  let loginCalled = false;
  const restore = (): void => {
    request.login = login;
    request.logIn = logIn;
  };
  const watchLogin = function (this: unknown, user: unknown, ...rest: unknown[]) {
    loginCalled = true;
    restore();
    const original = logIn ?? login;
    if (typeof original !== 'function') return undefined;
    const doneAt = typeof rest[0] === 'function' ? 0 : 1;
    const done = rest[doneAt];
    if (typeof done !== 'function') {
      record(request, attempt, LOGIN_SUCCESS);
      return original.call(this, user, ...rest);
    }
    const args = [...rest];
    args[doneAt] = function (this: unknown, ...result: unknown[]) {
      record(request, attempt, LOGIN_SUCCESS);
      return (done as LoginCallback).apply(this, result as []);
    };
    return original.call(this, user, ...args);
  };
  if (typeof login === 'function' || typeof logIn === 'function') {
    request.login = watchLogin;
    request.logIn = watchLogin;
  }

  try {
    return success();
  } finally {
    if (!loginCalled) {
      restore();
      record(request, attempt, LOGIN_SUCCESS);
    }
  }
}

function record(request: PassportRequest, attempt: LoginAttempt, status: LoginStatus): void {
  if (attempt.recorded || attempt.username === undefined) return;
  attempt.recorded = true;
  const { sessionID } = request;
  sendExpressLoginEvent({
    status,
    request,
    userId: attempt.username,
    sessionId: typeof sessionID === 'string' ? sessionID : undefined,
    userValid: status === LOGIN_SUCCESS ? true : attempt.userValid,
    password: attempt.password,
  });
  attempt.password = undefined;
}
