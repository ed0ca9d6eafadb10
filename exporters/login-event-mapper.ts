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
  const userId = text(attributes[ATTR_USER_ID]);
  if (userId !== undefined) event.user_id = userId;
  const userValid = attributes[ATTR_TCELL_LOGIN_USER_VALID];
  if (typeof userValid === 'boolean') event.user_valid = userValid;
  const session = text(attributes[ATTR_TCELL_SESSION_HMAC]);
  if (session !== undefined) event.session = session;
  const userAgent = text(attributes[ATTR_USER_AGENT_ORIGINAL]);
  if (userAgent !== undefined) event.user_agent = userAgent;
  const referrer = text(attributes[ATTR_TCELL_REQUEST_REFERRER]);
  if (referrer !== undefined) event.referrer = referrer;
  const remoteAddress = text(attributes[ATTR_CLIENT_ADDRESS]);
  if (remoteAddress !== undefined) event.remote_addr = remoteAddress;
  const headerKeys = attributes[ATTR_TCELL_REQUEST_HEADER_KEYS];
  if (Array.isArray(headerKeys)) {
    event.header_keys = headerKeys.filter((key): key is string => typeof key === 'string');
  }
  const documentUri = toDocumentUri(attributes);
  if (documentUri !== undefined) event.document_uri = documentUri;
  const passwordId = text(attributes[ATTR_TCELL_PASSWORD_FINGERPRINT]);
  if (passwordId !== undefined) event.password_id = passwordId;
  return event;
}

/** A tCell event with the JSONL extension keys: event time, trace id and span id. */
export function toTcellEventRecord(
  event: TcellLoginEvent,
  origin: LoginEventOrigin,
): TcellEventRecord {
  const record: TcellEventRecord = { ...event, event_time: hrTimeToIso(origin.time) };
  if (origin.traceId !== undefined) record.trace_id = origin.traceId;
  if (origin.spanId !== undefined) record.span_id = origin.spanId;
  if (origin.eventId !== undefined) record.event_id = origin.eventId;
  if (origin.passwordSprayId !== undefined) record.password_spray_id = origin.passwordSprayId;
  return record;
}

/** The extension values a `tcell.login` event's attributes carry besides the tCell fields. */
export function extensionsOf(
  attributes: LoginEventAttributes,
): Pick<LoginEventOrigin, 'eventId' | 'passwordSprayId'> {
  const sprayId = attributes[ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT];
  return {
    eventId: loginIdOf(attributes),
    passwordSprayId:
      typeof sprayId === 'string' && /^[0-9a-f]{8}$/.test(sprayId) ? sprayId : undefined,
  };
}

/** The login id of a `tcell.login` event's attributes, when it has a well-formed one. */
export function loginIdOf(attributes: LoginEventAttributes): string | undefined {
  const id = attributes[ATTR_TCELL_LOGIN_ID];
  return typeof id === 'string' && /^[0-9a-f]{32}$/.test(id) ? id : undefined;
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

function hrTimeToIso([seconds, nanoseconds]: HrTime): string {
  return new Date(seconds * 1000 + Math.floor(nanoseconds / 1e6)).toISOString();
}
