import type { HttpRequestLike } from './types';
import { clientAddressOf } from './client-address';
import { warnProblem } from './diagnostics';
import { collectHeaderKeys, MAX_HEADER_KEYS } from './fields';
import { readProperty } from './options';

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
 * Called only when a login is recorded, never on other requests. Each property is read on its
 * own, so a request object whose getter throws loses that detail only. Values are returned as
 * found (not yet checked); header keys are already in tCell form, cut and cleaned.
 */
export function readRequestDetails(request: HttpRequestLike): RequestDetails {
  return {
    userAgent: firstHeader(request, 'user-agent') as string | undefined,
    referrer: firstHeader(request, 'referer') as string | undefined,
    remoteAddress: guardedClientAddress(request),
    headerKeys: headerKeysFromRaw(readProperty(request, 'rawHeaders') as string[] | undefined),
    documentUri: (readProperty(request, 'originalUrl') ?? readProperty(request, 'url')) as string,
  };
}

/**
 * Header names at the even positions of a raw header list, in tCell form, capped. HTTP/2
 * pseudo-headers (`:method`, `:authority`, ...) are skipped: they carry the request line, not
 * headers, and an HTTP/1.1 request from the same client has no counterpart to them.
 */
export function headerKeysFromRaw(rawHeaders: readonly string[] | undefined): string[] | undefined {
  if (!Array.isArray(rawHeaders)) return undefined;

  // One name more than the cap is enough for collectHeaderKeys to see and report the excess.
  const names: unknown[] = [];
  for (let index = 0; index < rawHeaders.length && names.length <= MAX_HEADER_KEYS; index += 2) {
    const name: unknown = rawHeaders[index];
    if (typeof name === 'string' && name.startsWith(':')) continue;
    names.push(name);
  }
  return collectHeaderKeys(names);
}

function firstHeader(request: HttpRequestLike, name: string): unknown {
  const value = readProperty(readProperty(request, 'headers'), name);
  return Array.isArray(value) ? readProperty(value, '0') : value;
}

/** The client address (socket peer, or the trusted proxy header); a read that throws costs it. */
function guardedClientAddress(request: HttpRequestLike): string | undefined {
  try {
    return clientAddressOf(request);
  } catch {
    warnProblem('bad-request', 'the client address could not be read; left out', 'remoteAddress');
    return undefined;
  }
}
