import { isIP } from 'node:net';
import { describeValue, warnProblem } from './diagnostics';

/** Longest text field kept (user agent, referrer, document URI); longer values are cut. */
export const MAX_TEXT_LENGTH = 2048;
/** Longest user id kept. */
export const MAX_USER_ID_LENGTH = 512;
/** Most header keys kept from one request. */
export const MAX_HEADER_KEYS = 128;
/** Longest header key kept. */
export const MAX_HEADER_KEY_LENGTH = 128;
/** Appended to a value that was cut. */
export const TRUNCATION_MARKER = '...[cut]';

// C0 and C1 control characters, including newlines: never passed on into logs or JSON lines.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
// The same class without the global flag, whose `test` keeps no state between calls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Turns an application-supplied value into bounded text: strings and numbers are kept,
 * `null`/`undefined` mean absent, anything else is stringified if that works. Control
 * characters become spaces; text past `limit` is cut with a marker.
 */
export function toBoundedText(value: unknown, field: string, limit: number): string | undefined {
  if (value === undefined || value === null) return undefined;

  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    text = String(value);
  } else {
    try {
      // Objects count only when they define their own text form (a `toString` of their own).
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      text = String(value);
    } catch {
      warnProblem('bad-field', `${field} could not be turned into text; the field is left out`);
      return undefined;
    }
    if (text.startsWith('[object ')) {
      warnProblem('bad-field', `${field} is an object with no text form; the field is left out`);
      return undefined;
    }
  }

  if (text.length > limit) {
    warnProblem('field-cut', `${field} was longer than ${limit} characters and was cut`);
    text = text.slice(0, limit) + TRUNCATION_MARKER;
  }
  // Testing first is about twice as fast as a replace that finds nothing, the usual case.
  return CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTERS, ' ') : text;
}

/** Returns the boolean, or undefined (with a diagnostic) for anything that is not one. */
export function toOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  warnProblem('bad-field', `${field} must be a boolean, got ${describeValue(value)}; left out`);
  return undefined;
}

/**
 * Normalises an IP address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes plain IPv4, an IPv6
 * zone is dropped, and anything that is not an IP address is dropped with a diagnostic.
 */
export function normaliseIpAddress(value: unknown): string | undefined {
  const text = toBoundedText(value, 'remoteAddress', 64);
  if (text === undefined) return undefined;

  let address = text.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) address = mapped[1];

  const family = isIP(address);
  if (family === 0) {
    warnProblem('bad-ip', 'remoteAddress is not an IP address; the field is left out');
    return undefined;
  }
  return family === 6 ? address.toLowerCase() : address;
}

// Header names repeat from request to request, so their tCell forms are remembered. The cache
// stops growing when full: names a client invents are then converted each time, not stored.
const HEADER_KEY_CACHE_SIZE = 512;
const headerKeyCache = new Map<string, string>();

/** tCell's form of a header name: upper case, `-` turned into `_`. */
export function toTcellHeaderKey(name: string): string {
  let key = headerKeyCache.get(name);
  if (key === undefined) {
    key = name.toUpperCase().replace(/-/g, '_');
    if (headerKeyCache.size < HEADER_KEY_CACHE_SIZE) headerKeyCache.set(name, key);
  }
  return key;
}

/**
 * Normalises a caller-supplied list of header names into tCell form, keeping order and
 * duplicates. A leading `HTTP_` (the CGI/WSGI form) is dropped. The list is capped.
 */
export function toTcellHeaderKeys(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    warnProblem('bad-field', `headerKeys must be an array of strings, got ${describeValue(value)}`);
    return undefined;
  }

  const keys: string[] = [];
  for (const entry of value as unknown[]) {
    if (keys.length === MAX_HEADER_KEYS) {
      warnProblem('field-cut', `headerKeys had more than ${MAX_HEADER_KEYS} entries; cut`);
      break;
    }
    const text = toBoundedText(entry, 'headerKeys entry', MAX_HEADER_KEY_LENGTH);
    if (text === undefined || text === '') continue;
    const key = toTcellHeaderKey(text);
    keys.push(key.startsWith('HTTP_') && key.length > 5 ? key.slice(5) : key);
  }
  return keys;
}

/**
 * Strips every value from a query string, keeping the parameter names and their order:
 * `next=/home&lang=en` becomes `next=&lang=`.
 */
export function stripQueryValues(query: string): string {
  // A loop over the separators rather than split/map/join: this runs on every recorded login.
  // Each `=` is searched for once, so a long query without values stays linear.
  let stripped = '';
  let start = 0;
  let equals = query.indexOf('=');
  for (;;) {
    const end = query.indexOf('&', start);
    const pairEnd = end === -1 ? query.length : end;
    if (equals !== -1 && equals < start) equals = query.indexOf('=', start);
    const hasValue = equals !== -1 && equals < pairEnd;
    stripped += query.slice(start, hasValue ? equals + 1 : pairEnd);
    if (end === -1) return stripped;
    stripped += '&';
    start = end + 1;
  }
}

/** Splits a request target into its path and its value-stripped query. */
export function splitDocumentUri(uri: string): { path: string; query?: string } {
  const hash = uri.indexOf('#');
  const target = hash === -1 ? uri : uri.slice(0, hash);
  const mark = target.indexOf('?');
  if (mark === -1) return { path: target };
  return { path: target.slice(0, mark), query: stripQueryValues(target.slice(mark + 1)) };
}

/** A referrer URL with its query values stripped and any fragment dropped. */
export function stripReferrer(referrer: string): string {
  const { path, query } = splitDocumentUri(referrer);
  return query === undefined ? path : `${path}?${query}`;
}
