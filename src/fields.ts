import { isIP } from 'node:net';
import { describeValue, warnProblem } from './diagnostics';

/** Longest text field kept (user agent, referrer, path, query); longer values are cut. */
export const MAX_TEXT_LENGTH = 2048;
/** Longest user id kept. */
export const MAX_USER_ID_LENGTH = 512;
/** Most header keys kept from one request. */
export const MAX_HEADER_KEYS = 128;
/** Most entries read from one list of header names, kept or not (holes and blanks count). */
export const MAX_HEADER_KEY_READS = MAX_HEADER_KEYS * 4;
/** Longest header key kept. */
export const MAX_HEADER_KEY_LENGTH = 128;
/** Longest text looked at as an IP address; the longest IPv6 text form is 45 characters. */
export const MAX_IP_TEXT_LENGTH = 64;
/** Appended to a value that was cut. */
export const TRUNCATION_MARKER = '...[cut]';

// C0 and C1 control characters (newlines included), the Unicode line and paragraph separators,
// and the bidirectional overrides: each could forge or hide a line in a log or a JSON line.
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Any of the above or any surrogate, without the global flag (its `test` keeps no state): most
// text has none, and testing first is about twice as fast as a replace that finds nothing.
const MAYBE_UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/**
 * The text form of an application-supplied value, neither cut nor cleaned (for hashing):
 * strings as they are; numbers, bigints and booleans stringified; `null`, `undefined` and the
 * empty string absent;
 * objects only when they define a text form of their own (a `toString` that is not
 * `Object.prototype.toString`, as an ObjectId does). Symbols, functions, arrays and objects
 * whose text form throws cost the field and give one `bad-field` diagnostic.
 */
export function toText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value !== 'object') {
    warnProblem('bad-field', `${field} must be text, got ${describeValue(value)}; left out`, field);
    return undefined;
  }

  let text: unknown;
  try {
    // Array.isArray throws on a revoked Proxy, so it sits inside the guard too.
    if (Array.isArray(value)) {
      warnProblem('bad-field', `${field} must be text, got an array; left out`, field);
      return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    text = String(value);
  } catch {
    warnProblem('bad-field', `${field} could not be turned into text; left out`, field);
    return undefined;
  }
  if (typeof text !== 'string' || text.startsWith('[object ')) {
    warnProblem('bad-field', `${field} is an object with no text form; left out`, field);
    return undefined;
  }
  return text === '' ? undefined : text;
}

/**
 * Makes text safe to pass on: cut to `limit` UTF-16 units on a character boundary with
 * {@link TRUNCATION_MARKER} appended (one `field-cut` diagnostic), lone surrogates replaced by
 * U+FFFD, and control, line-separator and bidi-override characters replaced by spaces.
 */
export function cleanText(text: string, field: string, limit: number): string {
  let kept = text;
  if (kept.length > limit) {
    warnProblem('field-cut', `${field} was longer than ${limit} characters and was cut`, field);
    // Never cut a surrogate pair in two.
    const end = isHighSurrogate(kept.charCodeAt(limit - 1)) ? limit - 1 : limit;
    kept = kept.slice(0, end) + TRUNCATION_MARKER;
  }
  if (!MAYBE_UNSAFE.test(kept)) return kept;
  return kept.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE_CHARACTERS, ' ');
}

/** {@link toText} then {@link cleanText}: bounded, single-line text, or undefined. */
export function toBoundedText(value: unknown, field: string, limit: number): string | undefined {
  const text = toText(value, field);
  return text === undefined ? undefined : cleanText(text, field, limit);
}

/** Returns the boolean, or undefined (with a diagnostic) for anything that is not one. */
export function toOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  warnProblem(
    'bad-field',
    `${field} must be a boolean, got ${describeValue(value)}; left out`,
    field,
  );
  return undefined;
}

/**
 * Normalises an IP address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes plain IPv4, brackets
 * and an IPv6 zone are dropped, and anything that is not an IP address is dropped with one
 * `bad-ip` diagnostic.
 */
export function normaliseIpAddress(value: unknown): string | undefined {
  const text = toText(value, 'remoteAddress');
  if (text === undefined) return undefined;

  let address = text.length > MAX_IP_TEXT_LENGTH ? '' : text.trim();
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
// Raw header name -> its tCell key, for names whose key needed no cut or cleaning.
const cleanHeaderKeyCache = new Map<string, string>();

/** tCell's form of a header name: upper case, `-` turned into `_`. */
export function toTcellHeaderKey(name: string): string {
  let key = headerKeyCache.get(name);
  if (key === undefined) {
    key = name.toUpperCase().replace(/-/g, '_');
    if (headerKeyCache.size < HEADER_KEY_CACHE_SIZE) headerKeyCache.set(name, key);
  }
  return key;
}

/** A header name from the wire or the application in tCell form, cut and cleaned. */
export function toBoundedHeaderKey(name: unknown): string | undefined {
  // Names already seen and clean come straight from the cache: a browser sends the same ten or
  // so names on every login.
  if (typeof name === 'string') {
    const known = cleanHeaderKeyCache.get(name);
    if (known !== undefined) return known;
  }
  const text = toText(name, 'headerKeys');
  if (text === undefined || text === '') return undefined;
  const key = toTcellHeaderKey(text);
  const cleaned = cleanText(key, 'headerKeys', MAX_HEADER_KEY_LENGTH);
  // Only names that needed no cut or cleaning, so each cut still gets its diagnostic.
  if (cleaned === key && name === text && cleanHeaderKeyCache.size < HEADER_KEY_CACHE_SIZE) {
    cleanHeaderKeyCache.set(text, cleaned);
  }
  return cleaned;
}

/**
 * Normalises a caller-supplied list of header names into tCell form, keeping order and
 * duplicates. A leading `HTTP_` (the CGI/WSGI form) is dropped. The list is capped.
 */
export function toTcellHeaderKeys(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    if (!Array.isArray(value)) {
      warnProblem(
        'bad-field',
        `headerKeys must be an array of strings, got ${describeValue(value)}; left out`,
        'headerKeys',
      );
      return undefined;
    }
    return collectHeaderKeys(value as unknown[], (key) =>
      key.startsWith('HTTP_') && key.length > 5 ? key.slice(5) : key,
    );
  } catch {
    // A Proxy posing as an array can throw on any read; the list is lost, not the event.
    warnProblem('bad-field', 'headerKeys could not be read; left out', 'headerKeys');
    return undefined;
  }
}

/**
 * Header keys in tCell form from `names[first]`, `names[first + step]`, ..., capped at
 * {@link MAX_HEADER_KEYS} with one `too-many-header-keys` diagnostic. Reads can throw.
 */
export function collectHeaderKeys(
  names: readonly unknown[],
  adjust: (key: string) => string = (key) => key,
  first = 0,
  step = 1,
): string[] {
  const keys: string[] = [];
  // Reads are capped too, not only keys kept: a sparse array of length 2^32 - 1 would otherwise
  // be scanned hole by hole, blocking the event loop.
  let reads = 0;
  for (let index = first; index < names.length; index += step) {
    if (keys.length === MAX_HEADER_KEYS || reads === MAX_HEADER_KEY_READS) {
      warnProblem('too-many-header-keys', `more than ${MAX_HEADER_KEYS} header keys; cut`);
      break;
    }
    reads += 1;
    const key = toBoundedHeaderKey(names[index]);
    if (key !== undefined) keys.push(adjust(key));
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
  const target = withoutUserInfo(hash === -1 ? uri : uri.slice(0, hash));
  const mark = target.indexOf('?');
  if (mark === -1) return { path: target };
  return { path: target.slice(0, mark), query: stripQueryValues(target.slice(mark + 1)) };
}

/** A referrer URL with its query values stripped and any fragment dropped. */
export function stripReferrer(referrer: string): string {
  const { path, query } = splitDocumentUri(referrer);
  return query === undefined ? path : `${path}?${query}`;
}

// `scheme://user:password@host`: the credentials part of an absolute URL.
const USER_INFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/;

/** An absolute URL without a user name and password in it (they may be a real password). */
function withoutUserInfo(uri: string): string {
  return uri.includes('@') ? uri.replace(USER_INFO, '$1') : uri;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
