import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_TCELL_LOGIN_ID,
  ATTR_TCELL_LOGIN_STATUS,
  ATTR_TCELL_LOGIN_USER_VALID,
  ATTR_TCELL_PASSWORD_FINGERPRINT,
  ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT,
  ATTR_TCELL_REQUEST_HEADER_KEYS,
  ATTR_TCELL_REQUEST_REFERRER,
  ATTR_TCELL_SESSION_HMAC,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_ID,
} from '../src/attributes';
import { describeValue, warnProblem } from '../src/diagnostics';
import {
  cleanText,
  collectHeaderKeys,
  MAX_TEXT_LENGTH,
  MAX_USER_ID_LENGTH,
  normaliseIpAddress,
  stripQueryValues,
  stripReferrer,
  toBoundedText,
  toOptionalBoolean,
  toText,
  TRUNCATION_MARKER,
} from '../src/fields';

/** Longest `service.name` kept, so that with the cut marker it fits the record schema (1024). */
export const MAX_SERVICE_NAME_LENGTH = 1024 - TRUNCATION_MARKER.length;

const SESSION_HMAC = /^[0-9a-f]{32}$/;
const LOGIN_ID = /^[0-9a-f]{32}$/;
const FINGERPRINT = /^[0-9a-f]{8}$/;

/**
 * The login attributes a sender posted, cleaned and bounded as the in-process hooks clean
 * theirs: text cut and made single-line, the client address normalised, header keys in tCell
 * form and capped, and hashes kept only in their exact form. A sender is any process that can
 * reach the port, so nothing it sends is trusted; a bad field costs that field, never the login,
 * and is reported with a rate-limited diagnostic that never quotes the value. Attributes outside
 * the login contract are left out.
 */
export function cleanLoginAttributes(raw: Attributes): Attributes {
  const cleaned: Attributes = {};
  // The mapper checks the status and drops the login when it is not a known word.
  const status = raw[ATTR_TCELL_LOGIN_STATUS];
  if (status !== undefined) cleaned[ATTR_TCELL_LOGIN_STATUS] = status;

  const userId = textOf(raw, ATTR_USER_ID);
  setText(cleaned, ATTR_USER_ID, toBoundedText(userId, 'userId', MAX_USER_ID_LENGTH));
  const userValid = toOptionalBoolean(raw[ATTR_TCELL_LOGIN_USER_VALID], 'userValid');
  if (userValid !== undefined) cleaned[ATTR_TCELL_LOGIN_USER_VALID] = userValid;
  setText(cleaned, ATTR_TCELL_SESSION_HMAC, hashOf(raw, ATTR_TCELL_SESSION_HMAC, SESSION_HMAC));
  setText(
    cleaned,
    ATTR_USER_AGENT_ORIGINAL,
    toBoundedText(textOf(raw, ATTR_USER_AGENT_ORIGINAL), 'userAgent', MAX_TEXT_LENGTH),
  );
  const referrer = toText(textOf(raw, ATTR_TCELL_REQUEST_REFERRER), 'referrer');
  if (referrer !== undefined) {
    // Stripped again: a sender in another language may have passed the query values on.
    cleaned[ATTR_TCELL_REQUEST_REFERRER] = cleanText(
      stripReferrer(referrer),
      'referrer',
      MAX_TEXT_LENGTH,
    );
  }
  setText(cleaned, ATTR_CLIENT_ADDRESS, normaliseIpAddress(textOf(raw, ATTR_CLIENT_ADDRESS)));
  const headerKeys = cleanHeaderKeys(raw[ATTR_TCELL_REQUEST_HEADER_KEYS]);
  if (headerKeys !== undefined) cleaned[ATTR_TCELL_REQUEST_HEADER_KEYS] = headerKeys;
  addDocumentUri(cleaned, raw);
  addPasswordFingerprints(cleaned, raw);
  setText(cleaned, ATTR_TCELL_LOGIN_ID, hashOf(raw, ATTR_TCELL_LOGIN_ID, LOGIN_ID));
  return cleaned;
}

/** A `service.name` cut and made single-line, or undefined when absent or not text. */
export function cleanServiceName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return cleanText(value, 'serviceName', MAX_SERVICE_NAME_LENGTH);
}

/**
 * A text attribute's string. The contract makes these strings, so a number or a list is the
 * sender's mistake and is left out rather than turned into text.
 */
function textOf(raw: Attributes, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || typeof value === 'string') return value;
  warnProblem('bad-field', `${key} must be a string, got ${describeValue(value)}; left out`, key);
  return undefined;
}

function setText(attributes: Attributes, key: string, value: string | undefined): void {
  if (value !== undefined) attributes[key] = value;
}

/**
 * A hash attribute when it is exactly in its documented form. Anything else may be the raw
 * value sent by mistake (a session id, a password), so it is dropped and never quoted.
 */
function hashOf(raw: Attributes, key: string, form: RegExp): string | undefined {
  const value = raw[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && form.test(value)) return value;
  warnProblem(
    'bad-field',
    `${key} is not in its hash form (${describeValue(value)}); left out`,
    key,
  );
  return undefined;
}

function cleanHeaderKeys(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    warnProblem(
      'bad-field',
      `headerKeys must be an array of strings, got ${describeValue(value)}; left out`,
      'headerKeys',
    );
    return undefined;
  }
  // The key list is bounded by collectHeaderKeys; non-string items are not header names.
  return collectHeaderKeys((value as unknown[]).filter((key) => typeof key === 'string'));
}

function addDocumentUri(cleaned: Attributes, raw: Attributes): void {
  const path = toText(textOf(raw, ATTR_URL_PATH), 'documentUri');
  if (path === undefined) return;
  cleaned[ATTR_URL_PATH] = cleanText(path, 'documentUri', MAX_TEXT_LENGTH);
  const query = toText(textOf(raw, ATTR_URL_QUERY), 'documentUri');
  if (query !== undefined) {
    cleaned[ATTR_URL_QUERY] = cleanText(stripQueryValues(query), 'documentUri', MAX_TEXT_LENGTH);
  }
}

/**
 * The password fingerprints: tCell's `password_id` alone is fine (senders in other languages may
 * not compute the spray fingerprint); a spray fingerprint without it is left out, since both come
 * from the same password.
 */
function addPasswordFingerprints(cleaned: Attributes, raw: Attributes): void {
  const fingerprint = hashOf(raw, ATTR_TCELL_PASSWORD_FINGERPRINT, FINGERPRINT);
  const sprayFingerprint = hashOf(raw, ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT, FINGERPRINT);
  if (fingerprint !== undefined) cleaned[ATTR_TCELL_PASSWORD_FINGERPRINT] = fingerprint;
  if (sprayFingerprint === undefined) return;
  if (fingerprint === undefined) {
    warnProblem(
      'bad-field',
      'tcell.password.spray_fingerprint came without tcell.password.fingerprint; left out',
      'passwordFingerprints',
    );
    return;
  }
  cleaned[ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT] = sprayFingerprint;
}
