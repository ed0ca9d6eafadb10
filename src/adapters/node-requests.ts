import type { FastifyRequestLike, KoaContextLike } from '../framework-types';
import type { RequestDetails } from '../request-details';
import { readRequestDetails } from '../request-details';
import type { HttpRequestLike } from '../types';

/*
 * Frameworks that wrap a Node request: everything comes from the Node request through
 * `readRequestDetails`, so header order, client address and cleaning are the same for all of
 * them. Only the URL as received may sit on the wrapper, because routing can rewrite `req.url`.
 * Each reader falls back to the request being served when the object passed has no request.
 */

/** Details of a `node:http` request, a `node:http2` compatibility request or an Express one. */
export function readNodeRequest(
  request: HttpRequestLike | undefined,
  served: HttpRequestLike | undefined,
): RequestDetails {
  const source = request ?? served;
  return source === undefined ? {} : readRequestDetails(source);
}

/** Details of a Fastify request, read from `request.raw`. */
export function readFastifyRequest(
  request: FastifyRequestLike | undefined,
  served: HttpRequestLike | undefined,
): RequestDetails {
  return withOriginalUrl(readNodeRequest(request?.raw, served), request?.originalUrl);
}

/** Details of a Koa context, read from `ctx.req`. */
export function readKoaContext(
  context: KoaContextLike | undefined,
  served: HttpRequestLike | undefined,
): RequestDetails {
  return withOriginalUrl(readNodeRequest(context?.req, served), context?.originalUrl);
}

function withOriginalUrl(details: RequestDetails, originalUrl: unknown): RequestDetails {
  return typeof originalUrl === 'string' ? { ...details, documentUri: originalUrl } : details;
}
