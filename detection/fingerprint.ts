import { sha256Hex } from '../src/hmac-sha256';

/** Prefix of every client fingerprint; the digit is the version of the scheme. */
export const CLIENT_FINGERPRINT_PREFIX = 'cf1_';

/**
 * Our client fingerprint (not JA4H): `cf1_` followed by the first 16 hex characters of
 * SHA-256 over `tcell-hooks client fingerprint v1`, a line feed, the header keys joined by
 * commas in received order, a line feed, and the User-Agent value. Scripts keep their own header
 * order even when they copy a browser's User-Agent, so the pair names the client software.
 * Returns undefined when the event has neither header keys nor a User-Agent.
 */
export function clientFingerprint(
  headerKeys: readonly string[] | undefined,
  userAgent: string | undefined,
): string | undefined {
  if ((headerKeys === undefined || headerKeys.length === 0) && userAgent === undefined) {
    return undefined;
  }
  const material = `tcell-hooks client fingerprint v1\n${(headerKeys ?? []).join(',')}\n${userAgent ?? ''}`;
  return CLIENT_FINGERPRINT_PREFIX + sha256Hex(material, 16);
}

/** How many recent (header keys, User-Agent) pairs `RecentClients` remembers. */
const RECENT_CLIENTS = 16;

/**
 * The cache keys of the last few distinct (header keys, User-Agent) pairs, found by comparing
 * the values themselves: cheaper than joining them into a new string for every event, when a
 * few client programs send most logins. Fixed size, replaced in turn.
 */
export class RecentClients {
  private readonly headerKeys: (readonly string[] | undefined)[] = [];
  private readonly userAgents: (string | undefined)[] = [];
  private readonly cacheKeys: string[] = [];
  private next = 0;

  /** The cache key of the pair, if it is one of the recent ones. */
  find(
    headerKeys: readonly string[] | undefined,
    userAgent: string | undefined,
  ): string | undefined {
    for (let index = 0; index < this.cacheKeys.length; index++) {
      if (this.userAgents[index] === userAgent && sameKeys(this.headerKeys[index], headerKeys)) {
        return this.cacheKeys[index];
      }
    }
    return undefined;
  }

  /** Remembers a pair (a copy of its header keys) and its cache key; returns the cache key. */
  add(
    headerKeys: readonly string[] | undefined,
    userAgent: string | undefined,
    cacheKey: string,
  ): string {
    const slot = this.next;
    this.next = (slot + 1) % RECENT_CLIENTS;
    this.headerKeys[slot] = headerKeys === undefined ? undefined : headerKeys.slice();
    this.userAgents[slot] = userAgent;
    this.cacheKeys[slot] = cacheKey;
    return cacheKey;
  }
}

function sameKeys(
  left: readonly string[] | undefined,
  right: readonly string[] | undefined,
): boolean {
  // A replay shares one array among the records of a header-key list: mostly the same array.
  if (left === right) return true;
  if (left === undefined || right === undefined) return false;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) {
    if (left[index] !== right[index]) return false;
  }
  return true;
}
