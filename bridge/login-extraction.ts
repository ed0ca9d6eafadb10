import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  extensionsOf,
  toTcellEventRecord,
  toTcellLoginEvent,
} from '../exporters/login-event-mapper';
import { ATTR_TCELL_LOGIN_ID, EVENT_TCELL_LOGIN } from '../src/attributes';
import { cleanLoginAttributes, cleanServiceName } from './login-fields';
import type { BridgedEventRecord } from './types';
import type { OtlpObject } from './otlp-values';
import { objectAt, objectsAt, toAttributes, toHexId, toHrTime } from './otlp-values';

/** Attribute holding an id unique to one login, the same on its span event and log record. */
export { ATTR_TCELL_LOGIN_ID };

/** Attribute that names the event on log records of senders without the `event_name` field. */
const ATTR_EVENT_NAME = 'event.name';
/** Resource attribute naming the sending service. */
const ATTR_SERVICE_NAME = 'service.name';
/** Latest event time the record schema can hold: four-digit years only. */
const LATEST_EVENT_SECONDS = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

/** One login found in a request, mapped to its tCell record. */
export interface BridgedLogin {
  record: BridgedEventRecord;
  /** `tcell.login.id` of the login when the sender set one. */
  loginId?: string;
}

/** The logins of one OTLP request, and how many of its items carried a login that was unusable. */
export interface ExtractedLogins {
  logins: BridgedLogin[];
  /** Spans or log records with at least one `tcell.login` event that could not be mapped. */
  rejectedItems: number;
}

interface LoginSource {
  attributes: Attributes;
  time: HrTime | undefined;
  traceId: string | undefined;
  spanId: string | undefined;
  serviceName: string | undefined;
}

/** The login span events of a decoded ExportTraceServiceRequest, in request order. */
export function extractTraceLogins(request: OtlpObject, receivedAt: HrTime): ExtractedLogins {
  const extracted: ExtractedLogins = { logins: [], rejectedItems: 0 };
  for (const [r, resourceSpans] of objectsAt(request.resourceSpans, 'resourceSpans').entries()) {
    const path = `resourceSpans[${r}]`;
    const serviceName = readServiceName(resourceSpans.resource, `${path}.resource`);
    for (const [s, scopeSpans] of objectsAt(
      resourceSpans.scopeSpans,
      `${path}.scopeSpans`,
    ).entries()) {
      for (const [p, span] of objectsAt(
        scopeSpans.spans,
        `${path}.scopeSpans[${s}].spans`,
      ).entries()) {
        const spanPath = `${path}.scopeSpans[${s}].spans[${p}]`;
        const traceId = toHexId(span.traceId, 32);
        const spanId = toHexId(span.spanId, 16);
        let rejected = false;
        for (const [e, event] of objectsAt(span.events, `${spanPath}.events`).entries()) {
          if (event.name !== EVENT_TCELL_LOGIN) continue;
          const attributes = toAttributes(event.attributes, `${spanPath}.events[${e}].attributes`);
          const time = toHrTime(event.timeUnixNano);
          const source = { attributes, time, traceId, spanId, serviceName };
          rejected = !addLogin(extracted, source, receivedAt) || rejected;
        }
        if (rejected) extracted.rejectedItems += 1;
      }
    }
  }
  return extracted;
}

/** The login log records of a decoded ExportLogsServiceRequest, in request order. */
export function extractLogLogins(request: OtlpObject, receivedAt: HrTime): ExtractedLogins {
  const extracted: ExtractedLogins = { logins: [], rejectedItems: 0 };
  for (const [r, resourceLogs] of objectsAt(request.resourceLogs, 'resourceLogs').entries()) {
    const path = `resourceLogs[${r}]`;
    const serviceName = readServiceName(resourceLogs.resource, `${path}.resource`);
    for (const [s, scopeLogs] of objectsAt(resourceLogs.scopeLogs, `${path}.scopeLogs`).entries()) {
      for (const [l, log] of objectsAt(
        scopeLogs.logRecords,
        `${path}.scopeLogs[${s}].logRecords`,
      ).entries()) {
        const attributes = toAttributes(
          log.attributes,
          `${path}.scopeLogs[${s}].logRecords[${l}].attributes`,
        );
        if (!isLoginLogRecord(log, attributes)) continue;
        const source: LoginSource = {
          attributes,
          time: toHrTime(log.timeUnixNano) ?? toHrTime(log.observedTimeUnixNano),
          traceId: toHexId(log.traceId, 32),
          spanId: toHexId(log.spanId, 16),
          serviceName,
        };
        if (!addLogin(extracted, source, receivedAt)) extracted.rejectedItems += 1;
      }
    }
  }
  return extracted;
}

function isLoginLogRecord(log: OtlpObject, attributes: Attributes): boolean {
  const eventName = log.eventName;
  if (typeof eventName === 'string' && eventName !== '') return eventName === EVENT_TCELL_LOGIN;
  return attributes[ATTR_EVENT_NAME] === EVENT_TCELL_LOGIN;
}

/** Maps one login and adds it; false when its attributes do not make a tCell event. */
function addLogin(extracted: ExtractedLogins, source: LoginSource, receivedAt: HrTime): boolean {
  const attributes = cleanLoginAttributes(source.attributes);
  const event = toTcellLoginEvent(attributes);
  if (event === undefined) return false;

  // A time the record cannot hold is the sender's mistake, not a reason to lose the login.
  const inRange = source.time !== undefined && source.time[0] <= LATEST_EVENT_SECONDS;
  const origin = {
    time: inRange && source.time !== undefined ? source.time : receivedAt,
    traceId: source.traceId,
    spanId: source.spanId,
    ...extensionsOf(attributes),
  };
  const record: BridgedEventRecord = toTcellEventRecord(event, origin);
  if (source.serviceName !== undefined) record.service_name = source.serviceName;

  const login: BridgedLogin = { record };
  // Only a well-formed id: it is the one written as event_id, so dedupe and record agree.
  if (origin.eventId !== undefined) login.loginId = origin.eventId;
  extracted.logins.push(login);
  return true;
}

function readServiceName(resource: unknown, path: string): string | undefined {
  const attributes = toAttributes(objectAt(resource, path).attributes, `${path}.attributes`);
  return cleanServiceName(attributes[ATTR_SERVICE_NAME]);
}
