/**
 * Public types of the framework forms of the login hook. They describe only what the hooks
 * read, so no framework is a dependency: a Fastify request, a Koa context, a Node request or a
 * WHATWG `Request` fits as it is.
 */
import type { HttpRequestLike, LoginStatus } from './types';

/** The parts of a Fastify (4 or 5) request the hook reads. */
export interface FastifyRequestLike {
  /** The Node request underneath. */
  raw: HttpRequestLike;
  /** The URL as received, before any `rewriteUrl`. */
  originalUrl?: string;
}

/** The parts of a Koa (2 or 3) context the hook reads. */
export interface KoaContextLike {
  /** The Node request underneath. */
  req: HttpRequestLike;
  /** The URL as received, before any mounting rewrote `ctx.url`. */
  originalUrl?: string;
}

/** The parts of a WHATWG `Request` the hook reads (Next.js route handlers, Hono, undici). */
export interface FetchRequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}

/** A login reported with a framework's request object; the rest is read from the request. */
export interface FrameworkLoginEventOptions<Request> {
  /** `LOGIN_SUCCESS` or `LOGIN_FAILURE`. */
  status: LoginStatus;
  /** The framework's request object of the login attempt. */
  request: Request;
  /** The identifier the user logged in with (email, username). */
  userId?: string | number;
  /** The session id; HMAC'd at call time, never recorded raw. */
  sessionId?: string;
  /** Whether the account exists; left out when unknown. */
  userValid?: boolean;
  /** The password tried; only its 8-character keyed fingerprint is recorded. */
  password?: string;
}

/** A login reported with a Fastify request. */
export type FastifyLoginEventOptions = FrameworkLoginEventOptions<FastifyRequestLike>;

/** A login reported with a Koa context. */
export type KoaLoginEventOptions = FrameworkLoginEventOptions<KoaContextLike>;

/** A login reported with a `node:http` or `node:http2` compatibility request. */
export type HttpLoginEventOptions = FrameworkLoginEventOptions<HttpRequestLike>;

/**
 * A login reported with a WHATWG `Request`. A `Request` carries no client address: pass
 * `remoteAddress` when the framework gives it (Hono `getConnInfo`), unless the `Request` was
 * built from the Node request being served, which then supplies it.
 */
export interface FetchLoginEventOptions extends FrameworkLoginEventOptions<FetchRequestLike> {
  /** The client IP, when the framework knows it and the Node request is not at hand. */
  remoteAddress?: string;
}
