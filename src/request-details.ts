import type { HttpRequestLike } from './types';
import { clientAddressOf } from './client-address';
import { MAX_HEADER_KEYS, MAX_HEADER_KEY_LENGTH, toTcellHeaderKey } from './fields';
import { warnProblem } from './diagnostics';

/** What a login event takes from the request it was reported in. */
export interface RequestDetails {
  userAgent?: string;
  referrer?: string;
  remoteAddress?: string;
  headerKeys?: string[];
  documentUri?: string;
}

/**
 * Reads the login-relevant details of a Node HTTP request (plain `node:http`, Express 4 or 5).
 * Header keys come from `rawHeaders`, which keeps the received order, case and duplicates.
 * Called only when a login is recorded, never on other requests.
 */
export function readRequestDetails(request: HttpRequestLike): RequestDetails {
  return {
    userAgent: firstHeader(request, 'user-agent'),
    referrer: firstHeader(request, 'referer'),
    remoteAddress: clientAddressOf(request),
    headerKeys: headerKeysFromRaw(request.rawHeaders),
    documentUri: request.originalUrl ?? request.url,
  };
}

/**
 * Header names at the even positions of a raw header list, in tCell form, capped. HTTP/2
 * pseudo-headers (`:method`, `:authority`, ...) are skipped: they carry the request line, not
 * headers, and an HTTP/1.1 request from the same client has no counterpart to them.
 */
export function headerKeysFromRaw(rawHeaders: readonly string[] | undefined): string[] | undefined {
  if (!Array.isArray(rawHeaders)) return undefined;

  const keys: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (keys.length === MAX_HEADER_KEYS) {
      warnProblem('field-cut', `the request had more than ${MAX_HEADER_KEYS} headers; cut`);
      break;
    }
    if (String(rawHeaders[index]).startsWith(':')) continue;
    keys.push(toTcellHeaderKey(String(rawHeaders[index]).slice(0, MAX_HEADER_KEY_LENGTH)));
  }
  return keys;
}

function firstHeader(request: HttpRequestLike, name: string): string | undefined {
  const value = request.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}
