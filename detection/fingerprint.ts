import { createHash } from 'node:crypto';

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
  return (
    CLIENT_FINGERPRINT_PREFIX + createHash('sha256').update(material).digest('hex').slice(0, 16)
  );
}
