import type { FetchRequestLike } from '../framework-types';
import type { RequestDetails } from '../request-details';
import { readRequestDetails } from '../request-details';
import type { HttpRequestLike } from '../types';

/**
 * Details of a WHATWG `Request`. A `Request` has no raw header list (iterating `Headers` yields
 * names sorted and merged) and no client address. When it was built from the Node request
 * being served (same method, same path and query, same User-Agent), as Next.js, Hono's Node
 * server and hand-written bridges do, header keys and client address come from that Node
 * request. Otherwise header keys are left out: a sorted list would look like a real order and
 * mislead every rule that reads it. The client address is then left to the caller.
 */
export function readFetchRequest(
  request: FetchRequestLike | undefined,
  served: HttpRequestLike | undefined,
): RequestDetails {
  if (request === undefined || request === null) return {};

  const documentUri = requestTarget(request.url);
  const fromRequest: RequestDetails = {
    userAgent: header(request, 'user-agent'),
    referrer: header(request, 'referer'),
    documentUri,
  };
  if (served === undefined || !isSameRequest(request, documentUri, served)) return fromRequest;

  const node = readRequestDetails(served);
  return { ...fromRequest, remoteAddress: node.remoteAddress, headerKeys: node.headerKeys };
}

function isSameRequest(
  request: FetchRequestLike,
  target: string | undefined,
  served: HttpRequestLike,
): boolean {
  const servedAgent = served.headers?.['user-agent'];
  return (
    target !== undefined &&
    served.url === target &&
    served.method?.toUpperCase() === String(request.method).toUpperCase() &&
    (Array.isArray(servedAgent) ? servedAgent.join(', ') : servedAgent) ===
      header(request, 'user-agent')
  );
}

/** Path and query of an absolute URL, or undefined when it does not parse. */
function requestTarget(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}

function header(request: FetchRequestLike, name: string): string | undefined {
  // Plain-JavaScript callers may pass something that is not quite a Request: no headers.
  const headers = request.headers as Partial<FetchRequestLike['headers']> | undefined;
  return typeof headers?.get === 'function' ? (headers.get(name) ?? undefined) : undefined;
}
