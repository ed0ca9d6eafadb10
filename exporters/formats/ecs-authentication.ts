import type { TcellEventRecord } from '../tcell-event';
import { ECS_MODULE, ECS_VERSION, documentParts, failureReason, setDefined } from './record-parts';
import { DEFAULT_FORMAT_CONTEXT } from './types';
import type { FormatContext, JsonObject } from './types';

/** ECS `event.reason` for each failure reason the record can tell. */
const FAILURE_REASONS = {
  USER_DOES_NOT_EXIST: 'user does not exist',
  INVALID_CREDENTIALS: 'invalid credentials',
} as const;

/**
 * Maps one tCell login record to an ECS document shaped like the authentication events Elastic
 * makes from sshd and Windows logons: `event.category: ["authentication"]`, `event.type:
 * ["start"]`, `event.outcome`, `user.name`, `source.ip`. ECS has no field for the session HMAC,
 * header names, password fingerprint or account existence; they go under `tcell.*`, a
 * proper-name namespace as ECS advises for custom fields.
 */
export function toEcsAuthentication(
  record: TcellEventRecord,
  context: FormatContext = DEFAULT_FORMAT_CONTEXT,
): JsonObject {
  const success = record.event_name === 'login-success';
  const event: JsonObject = {
    kind: 'event',
    category: ['authentication'],
    // Elastic gives failed logons the same type as successful ones; the outcome tells them apart.
    type: ['start'],
    action: record.event_name,
    outcome: success ? 'success' : 'failure',
    module: ECS_MODULE,
    dataset: `${ECS_MODULE}.login`,
  };
  if (record.event_id !== undefined) event.id = record.event_id;
  const reason = failureReason(record);
  if (reason !== undefined) event.reason = FAILURE_REASONS[reason];

  const ecs: JsonObject = {
    '@timestamp': record.event_time,
    ecs: { version: ECS_VERSION },
    event,
    service: { name: context.serviceName },
  };
  if (record.user_id !== undefined) ecs.user = { name: record.user_id };
  if (record.remote_addr !== undefined) ecs.source = { ip: record.remote_addr };
  if (record.user_agent !== undefined) ecs.user_agent = { original: record.user_agent };
  const parts = documentParts(record);
  if (parts !== undefined) {
    const url: JsonObject = { path: parts.path };
    setDefined(url, 'query', parts.query);
    ecs.url = url;
  }
  if (record.referrer !== undefined) ecs.http = { request: { referrer: record.referrer } };
  if (record.trace_id !== undefined) ecs.trace = { id: record.trace_id };
  if (record.span_id !== undefined) ecs.span = { id: record.span_id };
  const related = ecsRelated([record]);
  if (related !== undefined) ecs.related = related;
  const tcell = ecsTcellFields(record);
  if (tcell !== undefined) ecs[ECS_MODULE] = tcell;
  return ecs;
}

/** ECS `related.*`: every IP and user the records mention, once each, in order. */
export function ecsRelated(records: readonly TcellEventRecord[]): JsonObject | undefined {
  const ips = new Set<string>();
  const users = new Set<string>();
  for (const record of records) {
    if (record.remote_addr !== undefined) ips.add(record.remote_addr);
    if (record.user_id !== undefined) users.add(record.user_id);
  }
  const related: JsonObject = {};
  if (ips.size > 0) related.ip = [...ips];
  if (users.size > 0) related.user = [...users];
  return Object.keys(related).length === 0 ? undefined : related;
}

function ecsTcellFields(record: TcellEventRecord): JsonObject | undefined {
  const tcell: JsonObject = {};
  setDefined(tcell, 'session_hmac', record.session);
  setDefined(tcell, 'header_keys', record.header_keys);
  setDefined(tcell, 'password_id', record.password_id);
  setDefined(tcell, 'password_spray_id', record.password_spray_id);
  setDefined(tcell, 'user_valid', record.user_valid);
  return Object.keys(tcell).length === 0 ? undefined : tcell;
}
