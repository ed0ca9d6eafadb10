import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GuardDecision, LoginGuard } from './login-guard';

/** How an adapter reads a request; each is given the framework's own request object. */
export interface GuardAdapterOptions<Request> {
  /** The client IP; by default the socket peer address. Set it when behind a reverse proxy. */
  clientIp?(request: Request): string | undefined;
  /** The account the request is for, so account+IP blocks apply; none by default. */
  accountOf?(request: Request): string | undefined;
}

/** The body of a blocked answer. */
export const BLOCKED_BODY = '{"error":"too many login attempts"}';

function decide<Request extends IncomingMessage>(
  guard: LoginGuard,
  options: GuardAdapterOptions<Request>,
  request: Request,
): GuardDecision {
  const address = options.clientIp?.(request) ?? request.socket?.remoteAddress;
  return guard.check(address, options.accountOf?.(request));
}

function sendBlocked(response: ServerResponse, decision: GuardDecision): void {
  response.statusCode = 429;
  response.setHeader('retry-after', String(decision.retryAfterSeconds));
  response.setHeader('content-type', 'application/json');
  response.end(BLOCKED_BODY);
}

/** Express (4 and 5) middleware: answers 429 with Retry-After to a blocked IP or account+IP. */
export function expressGuard<Request extends IncomingMessage>(
  guard: LoginGuard,
  options: GuardAdapterOptions<Request> = {},
): (request: Request, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const decision = decide(guard, options, request);
    if (decision.blocked) sendBlocked(response, decision);
    else next();
  };
}

/** The parts of a Fastify request and reply the hook uses. */
interface FastifyRequestLike {
  raw: IncomingMessage;
  socket?: { remoteAddress?: string } | null;
}
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body: string): unknown;
}

/**
 * Fastify `onRequest` hook: `app.addHook('onRequest', fastifyGuard(guard))`. With the hook in
 * a `preHandler` instead, `accountOf` can read the parsed body.
 */
export function fastifyGuard<Request extends FastifyRequestLike>(
  guard: LoginGuard,
  options: GuardAdapterOptions<Request> = {},
): (request: Request, reply: FastifyReplyLike, done: () => void) => void {
  return (request, reply, done) => {
    const address = options.clientIp?.(request) ?? request.raw.socket?.remoteAddress;
    const decision = guard.check(address, options.accountOf?.(request));
    if (!decision.blocked) {
      done();
      return;
    }
    reply
      .code(429)
      .header('retry-after', String(decision.retryAfterSeconds))
      .header('content-type', 'application/json')
      .send(BLOCKED_BODY);
  };
}

/** The parts of a Koa context the middleware uses. */
interface KoaContextLike {
  req: IncomingMessage;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
  type: string;
}

/** Koa middleware: answers 429 with Retry-After to a blocked IP or account+IP. */
export function koaGuard<Context extends KoaContextLike>(
  guard: LoginGuard,
  options: GuardAdapterOptions<Context> = {},
): (context: Context, next: () => Promise<unknown>) => Promise<unknown> {
  return (context, next) => {
    const address = options.clientIp?.(context) ?? context.req.socket?.remoteAddress;
    const decision = guard.check(address, options.accountOf?.(context));
    if (!decision.blocked) return next();
    context.status = 429;
    context.set('retry-after', String(decision.retryAfterSeconds));
    context.type = 'application/json';
    context.body = BLOCKED_BODY;
    return Promise.resolve();
  };
}
