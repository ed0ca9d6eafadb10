import { hmacSha256Hex } from './hmac-sha256';

/** Length of session, user-id and referrer HMACs in hex characters. */
export const SESSION_HMAC_LENGTH = 32;
/** Length of a password fingerprint in hex characters: too few to confirm a password. */
export const PASSWORD_FINGERPRINT_LENGTH = 8;

/** HMAC-SHA256 of `message` under `key`, lower-case hex, cut to `length` characters. */
export function hmacHex(key: string, message: string, length: number): string {
  return hmacSha256Hex(key, message, length);
}

/** The tCell session HMAC: first 32 hex characters of HMAC-SHA256(key, session id). */
export function sessionHmac(key: string, sessionId: string): string {
  return hmacHex(key, sessionId, SESSION_HMAC_LENGTH);
}

/**
 * The tCell password fingerprint: first 8 hex characters of
 * HMAC-SHA256(passwordKey, appId + ":" + password [+ ":" + userId]).
 */
export function passwordFingerprint(
  passwordKey: string,
  appId: string,
  password: string,
  userId: string | undefined,
): string {
  const message = userId === undefined ? `${appId}:${password}` : `${appId}:${password}:${userId}`;
  return hmacHex(passwordKey, message, PASSWORD_FINGERPRINT_LENGTH);
}
