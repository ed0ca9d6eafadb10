import type { HrTime } from '@opentelemetry/api';
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
import type { TcellEventRecord, TcellLoginEvent } from './tcell-event';

/** Where a login event came from: its time and, when known, its trace, span and login id. */
export interface LoginEventOrigin {
  time: HrTime;
  traceId?: string;
  spanId?: string;
  /** The `tcell.login.id` attribute, when the event carries one. */
  eventId?: string;
  /** `tcell.password.spray_fingerprint`, when the event carries a well-formed one. */
  passwordSprayId?: string;
}

/**
 * Attributes of a `tcell.login` event: span event attributes, or log record attributes (whose
 * values may be any JSON-like value; the mapper checks every type).
 */
export type LoginEventAttributes = Readonly<Record<string, unknown>>;

/**
 * Maps the attributes of one `tcell.login` event to a tCell login event. Returns undefined when
 * the status is missing or unknown. Attributes of the wrong type are left out, so events from
 * other languages cannot produce malformed tCell events.
 */
export function toTcellLoginEvent(attributes: LoginEventAttributes): TcellLoginEvent | undefined {
  const status = attributes[ATTR_TCELL_LOGIN_STATUS];
  if (status !== 'success' && status !== 'failure') return undefined;
  const event: TcellLoginEvent = {
    event_type: 'login',
    event_name: status === 'success' ? 'login-success' : 'login-failure',
  };
  addEventFields(event, attributes);
  return event;
}

/** A tCell event with the JSONL extension keys: event time, trace id and span id. */
export function toTcellEventRecord(
  event: TcellLoginEvent,
  origin: LoginEventOrigin,
): TcellEventRecord {
  const record: TcellEventRecord = { ...event, event_time: hrTimeToIso(origin.time) };
  addOriginFields(record, origin);
  return record;
}

/**
 * The JSONL record of one `tcell.login` event's attributes, or undefined when the status is
 * missing or unknown: `toTcellEventRecord(toTcellLoginEvent(attributes), origin)` with the
 * extensions of `extensionsOf(attributes)`, built in one object without copies. Every exporter
 * path maps each login through here, so it is written for speed.
 */
export function toTcellRecord(
  attributes: LoginEventAttributes,
  origin: Pick<LoginEventOrigin, 'time' | 'traceId' | 'spanId'>,
): TcellEventRecord | undefined {
  const status = attributes[ATTR_TCELL_LOGIN_STATUS];
  if (status !== 'success' && status !== 'failure') return undefined;
  // Keys are added in the order toTcellEventRecord writes them: the lines must not change.
  const record = {
    event_type: 'login',
    event_name: status === 'success' ? 'login-success' : 'login-failure',
  } as TcellEventRecord;
  addEventFields(record, attributes);
  record.event_time = hrTimeToIso(origin.time);
  if (origin.traceId !== undefined) record.trace_id = origin.traceId;
  if (origin.spanId !== undefined) record.span_id = origin.spanId;
  const eventId = loginIdOf(attributes);
  if (eventId !== undefined) record.event_id = eventId;
  const sprayId = sprayIdOf(attributes);
  if (sprayId !== undefined) record.password_spray_id = sprayId;
  return record;
}

/** The extension values a `tcell.login` event's attributes carry besides the tCell fields. */
export function extensionsOf(
  attributes: LoginEventAttributes,
): Pick<LoginEventOrigin, 'eventId' | 'passwordSprayId'> {
  return { eventId: loginIdOf(attributes), passwordSprayId: sprayIdOf(attributes) };
}

/** The login id of a `tcell.login` event's attributes, when it has a well-formed one. */
export function loginIdOf(attributes: LoginEventAttributes): string | undefined {
  const id = attributes[ATTR_TCELL_LOGIN_ID];
  return typeof id === 'string' && isLowerHex(id, 32) ? id : undefined;
}

function sprayIdOf(attributes: LoginEventAttributes): string | undefined {
  const sprayId = attributes[ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT];
  return typeof sprayId === 'string' && isLowerHex(sprayId, 8) ? sprayId : undefined;
}

/** Whether `text` is exactly `length` lower-case hex digits (a loop: cheaper than a RegExp). */
function isLowerHex(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** Adds the optional tCell fields of the attributes, in the tCell key order. */
function addEventFields(event: TcellLoginEvent, attributes: LoginEventAttributes): void {
  const userId = attributes[ATTR_USER_ID];
  if (typeof userId === 'string') event.user_id = userId;
  const userValid = attributes[ATTR_TCELL_LOGIN_USER_VALID];
  if (typeof userValid === 'boolean') event.user_valid = userValid;
  const session = attributes[ATTR_TCELL_SESSION_HMAC];
  if (typeof session === 'string') event.session = session;
  const userAgent = attributes[ATTR_USER_AGENT_ORIGINAL];
  if (typeof userAgent === 'string') event.user_agent = userAgent;
  const referrer = attributes[ATTR_TCELL_REQUEST_REFERRER];
  if (typeof referrer === 'string') event.referrer = referrer;
  const remoteAddress = attributes[ATTR_CLIENT_ADDRESS];
  if (typeof remoteAddress === 'string') event.remote_addr = remoteAddress;
  const headerKeys = attributes[ATTR_TCELL_REQUEST_HEADER_KEYS];
  if (Array.isArray(headerKeys)) event.header_keys = stringsOf(headerKeys);
  const documentUri = toDocumentUri(attributes);
  if (documentUri !== undefined) event.document_uri = documentUri;
  const passwordId = attributes[ATTR_TCELL_PASSWORD_FINGERPRINT];
  if (typeof passwordId === 'string') event.password_id = passwordId;
}

function addOriginFields(record: TcellEventRecord, origin: LoginEventOrigin): void {
  if (origin.traceId !== undefined) record.trace_id = origin.traceId;
  if (origin.spanId !== undefined) record.span_id = origin.spanId;
  if (origin.eventId !== undefined) record.event_id = origin.eventId;
  if (origin.passwordSprayId !== undefined) record.password_spray_id = origin.passwordSprayId;
}

/** The strings of a list, as a new array (the record must not share the attribute's array). */
function stringsOf(values: readonly unknown[]): string[] {
  const strings: string[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'string') strings.push(value);
  }
  return strings;
}

function toDocumentUri(attributes: LoginEventAttributes): string | undefined {
  const path = text(attributes[ATTR_URL_PATH]);
  if (path === undefined) return undefined;
  const query = text(attributes[ATTR_URL_QUERY]);
  return query === undefined ? path : `${path}?${query}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The whole second last formatted, and its ISO text up to the fraction (`...T12:34:56.`). */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * The ISO 8601 text of an HrTime, to the millisecond, as `Date#toISOString` writes it. Logins
 * of one batch mostly fall in the same second, so the date and clock part is formatted once
 * per second and only the milliseconds per event.
 */
export function hrTimeToIso([seconds, nanoseconds]: HrTime): string {
  if (!Number.isInteger(seconds) || !(nanoseconds >= 0 && nanoseconds < 1e9)) {
    return new Date(seconds * 1000 + Math.floor(nanoseconds / 1e6)).toISOString();
  }
  if (seconds !== cachedSecond) {
    const iso = new Date(seconds * 1000).toISOString();
    // Years before 0 or after 9999 have a longer form: no cache for those.
    if (iso.length !== 24) {
      return new Date(seconds * 1000 + Math.floor(nanoseconds / 1e6)).toISOString();
    }
    cachedSecond = seconds;
    cachedPrefix = iso.slice(0, 20);
  }
  const millis = Math.floor(nanoseconds / 1e6);
  return `${cachedPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
